import { FieldError } from '../../nodes/shared/fields/params';

/** Runs `fn`, expects it to throw a FieldError, and returns that error for closer checks. */
export function fieldError(fn: () => unknown): FieldError {
	try {
		fn();
	} catch (error) {
		expect(error).toBeInstanceOf(FieldError);
		return error as FieldError;
	}
	throw new Error('expected a FieldError, but nothing was thrown');
}

/**
 * Form bodies for APIs that do not take JSON. Built as text here, so the package needs no
 * form-data dependency and the request builders stay pure: an operation returns the fields,
 * the transport encodes them with this module.
 */

export type FormEncoding = 'multipart' | 'urlencoded';

export interface FormBody {
	encoding: FormEncoding;
	/** Field name to value, in the order they are sent. */
	fields: Record<string, string>;
}

export interface EncodedForm {
	body: string;
	contentType: string;
}

const BOUNDARY_BASE = '----n8nCustomerSyncFormBoundary';

/** A boundary that occurs in none of the names or values (RFC 2046 §5.1.1). */
export function boundaryFor(fields: Record<string, string>): string {
	const texts = Object.entries(fields).flat();
	for (let n = 0; ; n++) {
		const boundary = `${BOUNDARY_BASE}${n.toString(36).padStart(4, '0')}`;
		if (!texts.some((text) => text.includes(boundary))) return boundary;
	}
}

/** A field name inside `name="..."`, escaped the way browsers do (HTML's multipart/form-data rules). */
function quoteName(name: string): string {
	return name.replace(/\r\n|\r|\n/g, '%0D%0A').replace(/"/g, '%22');
}

export function encodeMultipart(fields: Record<string, string>): EncodedForm {
	const boundary = boundaryFor(fields);
	let body = '';
	for (const [name, value] of Object.entries(fields)) {
		body += `--${boundary}\r\nContent-Disposition: form-data; name="${quoteName(name)}"\r\n\r\n${value}\r\n`;
	}
	body += `--${boundary}--\r\n`;
	return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

export function encodeUrlencoded(fields: Record<string, string>): EncodedForm {
	return { body: new URLSearchParams(fields).toString(), contentType: 'application/x-www-form-urlencoded' };
}

export function encodeForm(form: FormBody): EncodedForm {
	return form.encoding === 'multipart' ? encodeMultipart(form.fields) : encodeUrlencoded(form.fields);
}

import type { IDataObject } from 'n8n-workflow';

/** An answer's fields, when it is a JSON object; a short text answer becomes `message`. */
export function answerFields(body: unknown): IDataObject {
	if (body && typeof body === 'object' && !Array.isArray(body)) return body as IDataObject;
	if (typeof body === 'string' && body.trim() !== '') return { message: body.trim() };
	return {};
}

/**
 * The output of a call that changes something and may answer "No content": what was done and
 * to which IDs (`facts`), plus whatever the provider answered. `facts` win on a name clash.
 */
export function confirmation(body: unknown, facts: IDataObject): IDataObject {
	const known = Object.fromEntries(Object.entries(facts).filter(([, value]) => value !== undefined && value !== ''));
	const answer = answerFields(body);
	const extra = Object.fromEntries(Object.entries(answer).filter(([key]) => !(key in known)));
	return { ...known, ...extra };
}

/**
 * The output of a lookup whose answer shape is not documented: a list (or an object holding
 * `items`) gives one output item per entry, another object gives itself, and an empty
 * answer gives `{found: false}` with what was looked for, so the workflow can branch on it.
 */
export function resultsOrNotFound(body: unknown, query: IDataObject): IDataObject | IDataObject[] {
	const objects = (list: unknown[]) => list.filter((entry): entry is IDataObject => !!entry && typeof entry === 'object');
	let found: IDataObject[];
	if (Array.isArray(body)) found = objects(body);
	else if (body && typeof body === 'object' && Array.isArray((body as IDataObject).items)) {
		found = objects((body as IDataObject).items as unknown[]);
	} else {
		const answer = answerFields(body);
		found = Object.keys(answer).length ? [answer] : [];
	}
	return found.length ? found : { found: false, ...query };
}

import type { IDataObject } from 'n8n-workflow';

/** An answer's fields, when it is a JSON object; a short text answer becomes `message`. */
export function answerFields(body: unknown): IDataObject {
	if (body && typeof body === 'object' && !Array.isArray(body)) return body as IDataObject;
	if (typeof body === 'string' && body.trim() !== '') return { message: body.trim() };
	return {};
}

const isRecord = (value: unknown): value is IDataObject => !!value && typeof value === 'object' && !Array.isArray(value);

/**
 * The record of an answer whose wrapping is not documented (Omnidesk's single-record answers):
 * a bare object, `{item: {...}}`, `{data: {...}}` and a one-element `items` list all give the
 * record itself, so `{{$json.id}}` works in the next node whatever the server wraps. An object
 * with an `id` of its own is the record already; any other answer is left as it is.
 */
export function oneRecord(body: unknown): unknown {
	if (!isRecord(body) || 'id' in body) return body;
	for (const wrapper of ['item', 'data']) {
		if (isRecord(body[wrapper])) return body[wrapper];
	}
	const { items } = body;
	if (Array.isArray(items) && items.length === 1 && isRecord(items[0])) return items[0];
	return body;
}

/** The output of a single-record read: the record however it is wrapped (a longer list stays a list). */
export function record(body: unknown): IDataObject | IDataObject[] {
	const found = oneRecord(body);
	return Array.isArray(found) ? found.filter(isRecord) : answerFields(found);
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
 * The records of a lookup whose answer shape is not documented: a list (or an object holding
 * `items`) gives its entries, another object (however wrapped, see oneRecord) gives itself, and an
 * empty answer (204, `{}`) gives none.
 */
export function records(body: unknown): IDataObject[] {
	const objects = (list: unknown[]) => list.filter((entry): entry is IDataObject => !!entry && typeof entry === 'object');
	if (Array.isArray(body)) return objects(body);
	if (body && typeof body === 'object' && Array.isArray((body as IDataObject).items)) {
		return objects((body as IDataObject).items as unknown[]);
	}
	const answer = answerFields(oneRecord(body));
	return Object.keys(answer).length ? [answer] : [];
}

/**
 * The output of a lookup whose answer shape is not documented: one output item per record (see
 * `records`), or `{found: false}` with what was looked for, so the workflow can branch on it.
 */
export function resultsOrNotFound(body: unknown, query: IDataObject): IDataObject | IDataObject[] {
	const found = records(body);
	return found.length ? found : { found: false, ...query };
}

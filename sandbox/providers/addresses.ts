/**
 * The sandbox's own reading of "a valid email address" and "a valid phone number", for the
 * providers that ask for one without giving a format (BIK's assets: "a valid phone number or
 * email"; Hyfin's mobile_phone and email; Omnidesk's extra_email). Written from the documents'
 * samples, not from the nodes: a test that checks the node against the sandbox is only a check
 * when the two were written apart.
 */

/** Characters that separate or quote addresses in a list ("a@b.co, c@d.co"): one field holds one address. */
const LIST_CHARACTERS = new Set([',', ';', '<', '>', '"']);

/**
 * One address: a local part, one "@", and a domain with a dot inside it (the samples:
 * test.2@bik.ai, johndoe@abc.com); no white space and no list punctuation anywhere.
 */
export function isEmailAddress(value: string): boolean {
	for (const character of value) {
		if (character.trim() === '' || LIST_CHARACTERS.has(character)) return false;
	}
	const parts = value.split('@');
	if (parts.length !== 2) return false;
	const [local, domain] = parts;
	// A dot with text on both sides of it: "abc.com", not "abc." or ".com".
	return local.length > 0 && domain.slice(1, -1).includes('.');
}

/** Written between the digits of a phone number by people: "111-222-3333" (Hyfin's sample), "(020) 123.45.67", spaces. */
const PHONE_SEPARATORS = new Set(['.', '-', '(', ')']);
/** E.164: a number has at most 15 digits with its country code; none in use has fewer than 7. */
const FEWEST_DIGITS = 7;
const MOST_DIGITS = 15;

/** A phone number: one "+" before the digits at most (BIK's sample +919090909090), 7 to 15 ASCII digits, separators. */
export function isPhoneNumber(value: string): boolean {
	let digits = 0;
	let plus = false;
	for (const character of value) {
		if (character >= '0' && character <= '9') digits++;
		else if (character === '+' && !plus && digits === 0) plus = true;
		else if (character.trim() !== '' && !PHONE_SEPARATORS.has(character)) return false;
	}
	return digits >= FEWEST_DIGITS && digits <= MOST_DIGITS;
}

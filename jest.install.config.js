/** `npm run test:install`: the package installed by n8n's own installer, from a local npm registry. */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
	...base,
	roots: ['<rootDir>/test/install'],
	testPathIgnorePatterns: ['/node_modules/'],
};

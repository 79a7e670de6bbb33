/** `npm run test:queue`: n8n's queue mode end to end (Redis, PostgreSQL 17, main and two workers). */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
	...base,
	roots: ['<rootDir>/test/queue'],
	testPathIgnorePatterns: ['/node_modules/'],
};

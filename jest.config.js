/** @type {import('jest').Config} */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	// n8n's queue mode (Redis, PostgreSQL, main and two workers) runs alone: `npm run test:queue`;
	// n8n's own installer from a local registry too: `npm run test:install`.
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/queue/', '<rootDir>/test/install/'],
	// Each test starts with no shared pace, as a fresh n8n process would.
	setupFilesAfterEnv: ['<rootDir>/test/helpers/fresh-pace.ts'],
	reporters: ['default', '<rootDir>/test/helpers/summary-reporter.js'],
	// n8n-core keeps process-wide services (DI container, agents) alive after the last test.
	forceExit: true,
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
	},
};

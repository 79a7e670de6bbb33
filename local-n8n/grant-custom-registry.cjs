// Preloaded into n8n by the installer tests (`node --require`, through NODE_OPTIONS): n8n 2.41 installs
// community packages from a registry other than its default one only with an enterprise licence
// (feature `feat:communityNodes:customRegistry`; without it the install fails with "Your license does
// not allow for feat:communityNodes:customRegistry"). The tests install from a local registry on
// loopback, so they grant that one feature and nothing else; everything else n8n's installer does
// (the registry checks, `npm pack`, unpacking, `npm install`, loading, the database records) runs as
// shipped. `test/install/installer.test.ts` also shows the refusal without it.
// It acts only in n8n's own process: npm and the task runners, which n8n starts with the same
// environment, load it and leave at once.
const { basename, dirname, join } = require('node:path');

const entry = process.argv[1] ?? '';
if (basename(entry) === 'n8n' && basename(dirname(entry)) === 'bin') {
	const { License } = require(join(dirname(entry), '..', 'dist', 'license.js'));
	License.prototype.isCustomNpmRegistryEnabled = function isCustomNpmRegistryEnabled() {
		return true;
	};
}

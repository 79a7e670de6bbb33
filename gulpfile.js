// Copies what tsc does not emit into dist/: the node and credential icons and the codex files.
const { src, dest } = require('gulp');

function copyIcons() {
	return src('icons/*.svg').pipe(dest('dist/icons'));
}

function copyCodex() {
	return src('nodes/**/*.node.json', { base: '.' }).pipe(dest('dist'));
}

exports['build:assets'] = async function buildAssets() {
	await new Promise((resolve, reject) => copyIcons().on('end', resolve).on('error', reject));
	await new Promise((resolve, reject) => copyCodex().on('end', resolve).on('error', reject));
};

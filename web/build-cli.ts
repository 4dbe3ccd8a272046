import { buildWeb, writeWeb } from './build';

/**
 * `npm run -s build:web [folder]`: the web front's assets into web/dist (or the folder given). Host them anywhere
 * with a config.json next to them: { "apiUrl", "wsUrl", "tenant" } (the CDK hosting writes it for you).
 */
const folder = process.argv[2] ?? 'web/dist';
const assets = await buildWeb();
await writeWeb(assets, folder);
for (const [name, content] of assets.files) console.log(`${folder}/${name}  ${(content.length / 1024).toFixed(1)} KiB`);

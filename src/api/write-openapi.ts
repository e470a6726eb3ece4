/** `npm run openapi`: regenerates docs/openapi.json from the routes. */
import { writeFile } from 'node:fs/promises';
import { generateOpenApiDocument, OPENAPI_FILE, openApiText } from './openapi.js';

await writeFile(OPENAPI_FILE, openApiText(await generateOpenApiDocument()));
console.log(`wrote ${OPENAPI_FILE}`);

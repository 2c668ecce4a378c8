// `npm run bench:validation`: the document corpus (tests/fixtures/documents: realistic invoices,
// customers' e-mails and lead notes made from the seeded systems of record, with recorded model
// answers of which a planted share is wrong the way models are wrong, and hostile documents)
// through the real pipeline on a throwaway database: stored and attached as handed over, read by
// the real AI SDK provider from a local server replaying the recorded answers, grounded,
// cross-checked, routed. Last line:
// `validation docs=<n> model_errors=<n> caught=<n> missed=<n> clean_to_review_pct=<n>`.
// Targets (DESIGN.md section 9): missed=0 for every error that would change a write, at most 10%
// of clean documents to a person.
import { exitWithError } from '../../server/setup-error.ts';
import { documentCorpus } from '../../tests/fixtures/documents/corpus.ts';
import {
  type DocumentVerdict,
  judgeDocument,
  summarize,
} from '../../tests/support/document-bench.ts';
import { startDocumentWorld } from '../../tests/support/document-runs.ts';
import { startBenchDatabase } from './database.ts';

const database = await startBenchDatabase().catch((error: unknown) => exitWithError(error));
const verdicts: DocumentVerdict[] = [];
const started = Date.now();
try {
  const corpus = await documentCorpus();
  const world = await startDocumentWorld(database.url);
  try {
    console.log(`▸ ${corpus.length} documents`);
    for (const document of corpus) {
      const verdict = await judgeDocument(world, document);
      verdicts.push(verdict);
      const bad =
        (verdict.category === 'model-error' &&
          verdict.changesWrite &&
          !verdict.flagged &&
          verdict.ended !== 'turned-down') ||
        (verdict.category === 'hostile' && !verdict.flagged) ||
        (verdict.category === 'clean' && verdict.flaggedByDocument) ||
        verdict.ended === 'failed';
      console.log(
        `${bad ? '!!' : '  '} ${verdict.category.padEnd(11)} ${verdict.ended.padEnd(11)} ${document.id} ${verdict.kind ?? ''} [${verdict.codes.join(', ')}]`,
      );
    }
  } finally {
    await world.close();
  }
} catch (error) {
  await database.close();
  exitWithError(error);
}
await database.close();

const figures = summarize(verdicts);
console.log(
  `  hostile to a person: ${figures.hostileToPerson}/${figures.hostile}; clean documents held by their records' own rules (as typed input would be): ${figures.cleanHeldByRecords}; uncaught model errors that change no write: ${figures.harmlessUncaught}; failed runs: ${figures.failed.length}; ${Math.round((Date.now() - started) / 1000)} s`,
);
console.log(
  `validation docs=${figures.docs} model_errors=${figures.modelErrors} caught=${figures.caught} missed=${figures.missed} clean_to_review_pct=${figures.cleanToReviewPct}`,
);
process.exit(
  figures.missed === 0 && figures.cleanToReviewPct <= 10 && figures.failed.length === 0 ? 0 : 1,
);

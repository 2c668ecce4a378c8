// Model answers for a document, as a model writes them (server/models/recorded-answers.ts).
export {
  type AnswerField,
  type AnswerJson,
  answerFor,
} from '../../server/models/recorded-answers.ts';

import type { Rule } from './types.js';

/** EH000: the file cannot be read as its format (bad frontmatter or YAML); linting goes on with what could be read. */
export const parseError: Rule = {
  id: 'EH000',
  name: 'parse-error',
  defaultSeverity: 'error',
  description: 'The file cannot be read as its format (malformed frontmatter or YAML).',
  check({ doc }) {
    return doc.problems.map((problem) => ({
      message: problem.message,
      span: { start: problem.start, end: Math.max(problem.end, problem.start) },
    }));
  },
};

import { EnvProblems } from './env-problems.collector';

describe('EnvProblems', () => {
  it('keeps only the first problem of each variable, in the order the variables were found wrong', () => {
    const problems = new EnvProblems();

    problems.add('PORT', 'PORT first');
    problems.add('HOST', 'HOST first');
    problems.add('PORT', 'PORT second');
    problems.reporterFor('HOST')('HOST second');
    problems.reporterFor('API_KEYS')('API_KEYS first');

    expect(problems.list()).toEqual(['PORT first', 'HOST first', 'API_KEYS first']);
  });

  it('lists nothing when nothing was reported', () => {
    expect(new EnvProblems().list()).toEqual([]);
  });
});

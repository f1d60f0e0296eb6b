// A runtime process for the crash test: drives a scenario, resuming whatever a killed predecessor left, and prints
// one line per action it completes ("done <index>") so the parent knows when to kill it. Plain JS: it runs the built
// packages in a separate Node process.
const { createRegistry } = require('@chibo/catalog');
const { createDataSource } = require('@chibo/db');
const { parseLocal } = require('@chibo/rules');
const { loadFixtures, planScenario, OrgTree, scenarioActor, cellInstanceId } = require('@chibo/scenario');
const { EmbeddedRuntime, SimulatedClock, NotFoundError } = require('../../dist');

async function main() {
  const scenario = loadFixtures().find((f) => f.file === process.env.SCENARIO).scenario;
  const dataSource = createDataSource(process.env.DB_URL.startsWith('postgres') ? { url: process.env.DB_URL } : { sqlitePath: process.env.DB_URL });
  await dataSource.initialize();
  const clock = new SimulatedClock(parseLocal(scenario.guidance.issuedOn));
  const runtime = new EmbeddedRuntime({ dataSource, registry: createRegistry(), clock, redisUrl: process.env.REDIS_URL, queuePrefix: process.env.QUEUE_PREFIX });
  await runtime.start();
  const tree = new OrgTree(scenario.org);
  const g = scenario.guidance;
  const state = async (id) => runtime.state(id).catch((e) => { if (e instanceof NotFoundError) return undefined; throw e; });
  const guidanceId = `guidance:${g.issuer}:${g.number}:${g.issuedOn}`;
  const actions = planScenario(scenario);
  for (let i = 0; i < actions.length; i++) {
    const action = actions[i];
    await runtime.advanceTo(action.at);
    if (action.type === 'issue-guidance') {
      if (!(await state(guidanceId))) await runtime.issueGuidance({ ...g });
    } else {
      const instanceId = action.type === 'rollup' ? guidanceId : cellInstanceId(action.cell, g.number, g.issuedOn);
      const s = await state(instanceId);
      const matches = (t) => (action.type === 'rollup' ? t.stepId === 'rollup' : t.stepId === action.step && t.key === action.taskKey);
      const tasks = Object.values(s ? s.tasks : {}).filter(matches);
      const open = tasks.find((t) => t.status === 'open');
      // A task this action already submitted (before a kill) is not submitted again; a revision loop opens a new one.
      const submittedBefore = actions.slice(0, i).filter((a) => a.type === action.type && (a.type === 'rollup' || (a.cell === action.cell && a.step === action.step && a.taskKey === action.taskKey))).length;
      const alreadyDone = tasks.filter((t) => t.status === 'submitted').length > submittedBefore;
      if (open && !alreadyDone) await runtime.submit(instanceId, open.id, action.type === 'rollup' ? {} : action.input, scenarioActor(tree, action.actor));
    }
    await runtime.drain();
    process.stdout.write(`done ${i}\n`);
  }
  await runtime.advanceTo(parseLocal(scenario.until));
  await runtime.drain();
  process.stdout.write('finished\n');
  await runtime.close();
  await dataSource.destroy();
}

main().catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});

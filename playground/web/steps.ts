// The Workflow steps tool: runs one of the app's custom steps (manifest.yml `functions`) as the
// current user, the way a workflow would, and lists the runs with how tokenops ended each.
import { useEffect, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import type { Json } from './blocks.js';
import type { Chrome } from './chrome.js';

/** The inputs the person fills: the one naming who the step acts for is the current user. */
const PERSON_INPUTS = new Set(['requester', 'actor']);

export function StepsPanel({
  user,
  chrome,
  post,
  runs,
}: {
  user: string;
  chrome: Chrome;
  post: (path: string, body: Json) => Promise<Json>;
  runs: Json[];
}) {
  const [steps, setSteps] = useState<Json>({});
  const [step, setStep] = useState('request_token');
  const [inputs, setInputs] = useState<Record<string, string>>({});
  useEffect(
    () =>
      void fetch('/playground/steps')
        .then((r) => r.json())
        .then(setSteps),
    [],
  );
  const definition = steps[step];
  const fields = Object.entries((definition?.input_parameters ?? {}) as Record<string, Json>).filter(
    ([name]) => !PERSON_INPUTS.has(name),
  );
  const run = () =>
    post('/step', { user, step, inputs: Object.fromEntries(fields.map(([name]) => [name, inputs[name] ?? ''])) });
  return html`<div class="tool" id="steps-panel">
    <b>${chrome.steps}</b><br />${chrome.stepsHelp}
    <select id="step-select" value=${step} onChange=${(e: Event) => setStep((e.target as HTMLSelectElement).value)}>
      ${Object.entries(steps).map(([id, d]) => html`<option value=${id}>${(d as Json).title}</option>`)}
    </select>
    ${fields.map(
      ([name, p]) =>
        html`<input
          data-step-input=${name}
          placeholder=${`${p.title ?? name}${p.is_required ? ' *' : ''}`}
          title=${p.description ?? ''}
          value=${inputs[name] ?? ''}
          onInput=${(e: Event) => setInputs({ ...inputs, [name]: (e.target as HTMLInputElement).value })}
        />`,
    )}
    <button class="btn" id="step-run" onClick=${run}>${chrome.runStep}</button>
    ${runs.map((r) => html`<pre class="step-run" data-state=${r.state}>${r.callbackId} ${r.id}: ${r.state === 'running' ? chrome.stepRunning : r.state === 'completed' ? JSON.stringify(r.outputs) : r.error}</pre>`)}
  </div>`;
}

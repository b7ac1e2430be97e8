/*
 * ReturnFlow: a Cockpit tab on a process definition that lists its finished instances (completed or
 * ended otherwise), newest first, from the engine's history, with how each return ended: the journey keeps
 * the return's outcome in its variables when it ends (operations/JourneyOutcomes): returnOutcome
 * (COMPLETED, REJECTED, CANCELLED, EXPIRED) and the refund's status and amount. Cockpit CE shows only
 * running instances, and only the engine's state ("COMPLETED" for a rejected return too).
 */
import { request } from './engine-api.js';

const PAGE_SIZE = 50;
const OUTCOME_VARIABLES = ['returnOutcome', 'refundStatus', 'refundAmount', 'refundCurrency'];

function cell(text) {
  const td = document.createElement('td');
  td.textContent = text == null ? '' : String(text);
  return td;
}

/** The return's outcome as operations read it, e.g. "COMPLETED, refund 99.00 CNY SUCCEEDED". */
function outcomeText(variables, engineState) {
  const outcome = variables.returnOutcome;
  if (!outcome) {
    return `not recorded (engine: ${engineState})`;
  }
  if (!variables.refundStatus) {
    return outcome;
  }
  return `${outcome}, refund ${variables.refundAmount} ${variables.refundCurrency} ${variables.refundStatus}`;
}

/** Per instance id, its outcome variables by name (one request for the whole page). */
function outcomes(api, instances) {
  if (instances.length === 0) {
    return Promise.resolve({});
  }
  return request(api, '/history/variable-instance', {
    processInstanceIdIn: instances.map((instance) => instance.id),
    variableNameIn: OUTCOME_VARIABLES,
  }).then((variables) => {
    const byInstance = {};
    variables.forEach((variable) => {
      byInstance[variable.processInstanceId] = byInstance[variable.processInstanceId] || {};
      byInstance[variable.processInstanceId][variable.name] = variable.value;
    });
    return byInstance;
  });
}

export default {
  id: 'returnflow.finishedJourneys',
  pluginPoint: 'cockpit.processDefinition.runtime.tab',
  priority: 5,
  properties: { label: 'Finished journeys' },
  render: (node, { api, processDefinitionId }) => {
    node.innerHTML = '<p>Loading finished journeys…</p>';
    const path = '/history/process-instance?finished=true&sortBy=endTime&sortOrder=desc'
      + `&maxResults=${PAGE_SIZE}&processDefinitionId=${encodeURIComponent(processDefinitionId)}`;
    request(api, path)
      .then((instances) => outcomes(api, instances).then((byInstance) => ({ instances, byInstance })))
      .then(({ instances, byInstance }) => {
        if (instances.length === 0) {
          node.innerHTML = '<p>No finished journeys yet.</p>';
          return;
        }
        const table = document.createElement('table');
        table.className = 'cam-table returnflow-finished-journeys';
        table.innerHTML = '<thead><tr><th>Return (business key)</th><th>Outcome</th><th>Engine state</th>'
          + '<th>Started</th><th>Ended</th></tr></thead>';
        const body = document.createElement('tbody');
        instances.forEach((instance) => {
          const row = document.createElement('tr');
          const outcome = outcomeText(byInstance[instance.id] || {}, instance.state);
          [instance.businessKey, outcome, instance.state, instance.startTime, instance.endTime]
            .forEach((value) => row.appendChild(cell(value)));
          body.appendChild(row);
        });
        table.appendChild(body);
        node.innerHTML = `<p>The ${instances.length} most recently finished journeys.</p>`;
        node.appendChild(table);
      })
      .catch((error) => {
        node.innerHTML = '';
        node.appendChild(document.createTextNode(`Finished journeys could not be loaded: ${error.message}`));
      });
  },
};

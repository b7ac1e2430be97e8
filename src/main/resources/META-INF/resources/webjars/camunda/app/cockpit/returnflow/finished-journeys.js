/*
 * ReturnFlow: a Cockpit tab on a process definition that lists its finished instances (completed or
 * ended otherwise), newest first, from the engine's history. Cockpit CE shows only running ones.
 */
const PAGE_SIZE = 50;

function cell(text) {
  const td = document.createElement('td');
  td.textContent = text == null ? '' : String(text);
  return td;
}

export default {
  id: 'returnflow.finishedJourneys',
  pluginPoint: 'cockpit.processDefinition.runtime.tab',
  priority: 5,
  properties: { label: 'Finished journeys' },
  render: (node, { api, processDefinitionId }) => {
    node.innerHTML = '<p>Loading finished journeys…</p>';
    const url = `${api.engineApi}/history/process-instance?finished=true&sortBy=endTime&sortOrder=desc`
      + `&maxResults=${PAGE_SIZE}&processDefinitionId=${encodeURIComponent(processDefinitionId)}`;
    fetch(url, { headers: { Accept: 'application/json', 'X-XSRF-TOKEN': api.CSRFToken } })
      .then((response) => {
        if (!response.ok) {
          throw new Error(`the engine answered ${response.status}`);
        }
        return response.json();
      })
      .then((instances) => {
        if (instances.length === 0) {
          node.innerHTML = '<p>No finished journeys yet.</p>';
          return;
        }
        const table = document.createElement('table');
        table.className = 'cam-table';
        table.innerHTML = '<thead><tr><th>Return (business key)</th><th>State</th>'
          + '<th>Started</th><th>Ended</th></tr></thead>';
        const body = document.createElement('tbody');
        instances.forEach((instance) => {
          const row = document.createElement('tr');
          [instance.businessKey, instance.state, instance.startTime, instance.endTime]
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

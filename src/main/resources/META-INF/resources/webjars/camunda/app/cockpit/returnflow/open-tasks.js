/*
 * ReturnFlow: a section of Cockpit's dashboard with the people's open tasks per kind (each user task of the
 * latest version of each process), and how many of them are past their due date (the service level). Counted
 * by the engine (GET /task/count), as the user sees them: operations read every task (TASK READ).
 */
import { request } from './engine-api.js';

/** The user tasks of a process's model: id and readable name. */
function userTasks(xml) {
  const model = new DOMParser().parseFromString(xml, 'application/xml');
  return Array.from(model.getElementsByTagNameNS('http://www.omg.org/spec/BPMN/20100524/MODEL', 'userTask'))
    .map((task) => ({ id: task.getAttribute('id'), name: task.getAttribute('name') || task.getAttribute('id') }));
}

function countsOf(api, definition, task, now) {
  const query = { processDefinitionKey: definition.key, taskDefinitionKey: task.id };
  return Promise.all([
    request(api, '/task/count', query),
    request(api, '/task/count', { ...query, dueBefore: now }),
  ]).then(([open, overdue]) => ({
    process: definition.name || definition.key, kind: task.name, id: task.id, open: open.count, overdue: overdue.count,
  }));
}

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = String(text);
  if (className) {
    td.className = className;
  }
  return td;
}

export default {
  id: 'returnflow.openTasks',
  pluginPoint: 'cockpit.dashboard',
  priority: 50,
  properties: { label: 'Open human tasks' },
  render: (node, { api }) => {
    node.innerHTML = '<section class="returnflow-open-tasks"><h3>Open human tasks</h3><p>Counting…</p></section>';
    const section = node.firstChild;
    // the engine's date format: 2026-11-28T10:00:00.000+0000
    const now = new Date().toISOString().replace('Z', '+0000');
    request(api, '/process-definition?latestVersion=true&sortBy=key&sortOrder=asc')
      .then((definitions) => Promise.all(definitions.map((definition) =>
        request(api, `/process-definition/${encodeURIComponent(definition.id)}/xml`)
          .then((model) => Promise.all(userTasks(model.bpmn20Xml)
            .map((task) => countsOf(api, definition, task, now)))))))
      .then((perDefinition) => {
        const rows = perDefinition.flat();
        const table = document.createElement('table');
        table.className = 'cam-table';
        table.innerHTML = '<thead><tr><th>Process</th><th>Task</th><th>Open</th><th>Overdue</th></tr></thead>';
        const body = document.createElement('tbody');
        rows.forEach((row) => {
          const tr = document.createElement('tr');
          tr.setAttribute('data-task', row.id);
          tr.appendChild(cell(row.process));
          tr.appendChild(cell(row.kind));
          tr.appendChild(cell(row.open, 'open'));
          tr.appendChild(cell(row.overdue, row.overdue > 0 ? 'overdue text-danger' : 'overdue'));
          body.appendChild(tr);
        });
        table.appendChild(body);
        const total = rows.reduce((sum, row) => sum + row.open, 0);
        const overdue = rows.reduce((sum, row) => sum + row.overdue, 0);
        section.innerHTML = `<h3>Open human tasks</h3><p>${total} open, ${overdue} past their due date.</p>`;
        section.appendChild(table);
      })
      .catch((error) => {
        section.innerHTML = '<h3>Open human tasks</h3>';
        section.appendChild(document.createTextNode(`The open tasks could not be counted: ${error.message}`));
      });
  },
};

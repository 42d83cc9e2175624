-- Attaches the Evenhand language server to one prompt file in headless Neovim (0.7 has no vim.lsp.start, so the
-- client is started and attached by hand) and writes the diagnostics that arrive, one JSON object per line.
-- Environment: EVENHAND_SERVER (dist/server.js), EVENHAND_FILE (the prompt file), EVENHAND_OUT (where to write).
-- Exits 1 (cquit) when the server does not start, exits, or sends no diagnostics within 20 s.
local server = os.getenv('EVENHAND_SERVER')
local file = os.getenv('EVENHAND_FILE')
local out = os.getenv('EVENHAND_OUT')

local function fail(message)
  io.stderr:write(message .. '\n')
  vim.cmd('cquit 1')
end

vim.cmd('edit ' .. vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()
local client_id = vim.lsp.start_client({
  name = 'evenhand',
  cmd = { 'node', server, '--stdio' },
  root_dir = vim.fn.fnamemodify(file, ':p:h'),
})
if not client_id then
  fail('the language server did not start')
end
vim.lsp.buf_attach_client(buf, client_id)

local arrived = vim.wait(20000, function()
  return #vim.diagnostic.get(buf) > 0 or vim.lsp.get_client_by_id(client_id) == nil
end, 50)
if #vim.diagnostic.get(buf) == 0 then
  fail(arrived and 'the language server exited' or ('no diagnostics arrived within 20 s for ' .. file))
end

local lines = {}
for _, d in ipairs(vim.diagnostic.get(buf)) do
  table.insert(lines, vim.json.encode({ code = d.code, line = d.lnum, source = d.source, severity = d.severity, message = d.message }))
end
local handle = io.open(out, 'w')
handle:write(table.concat(lines, '\n') .. '\n')
handle:close()

vim.lsp.stop_client(client_id)
vim.cmd('qall!')

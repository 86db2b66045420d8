-- Drives the hotpath server from Neovim 0.7 (vim.lsp.start_client, no vim.lsp.start): opens a file,
-- waits for hotpath's diagnostics, asks for code actions on the first one and writes what it got
-- as JSON. Paths come from the environment so the test can place everything in a temp folder.
local server = os.getenv('HOTPATH_SERVER')
local root = os.getenv('HOTPATH_ROOT')
local file = os.getenv('HOTPATH_FILE')
local out = os.getenv('HOTPATH_OUT')

local result = { diagnostics = {}, actions = {}, errors = {} }

local function run()
  local client_id = vim.lsp.start_client({
    name = 'hotpath',
    cmd = { 'node', server, '--stdio' },
    root_dir = root,
  })
  assert(client_id, 'the client did not start')
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(bufnr, client_id)

  local found = vim.wait(90000, function()
    for _, diagnostic in ipairs(vim.diagnostic.get(bufnr)) do
      if diagnostic.source == 'hotpath' then return true end
    end
    return false
  end, 100)
  assert(found, 'no hotpath diagnostics within 90 s')

  local first
  for _, diagnostic in ipairs(vim.diagnostic.get(bufnr)) do
    if diagnostic.source == 'hotpath' then
      local lsp = (diagnostic.user_data and diagnostic.user_data.lsp) or {}
      table.insert(result.diagnostics, {
        lnum = diagnostic.lnum,
        col = diagnostic.col,
        end_lnum = diagnostic.end_lnum,
        end_col = diagnostic.end_col,
        severity = diagnostic.severity,
        message = diagnostic.message,
        code = lsp.code,
        href = lsp.codeDescription and lsp.codeDescription.href or vim.NIL,
      })
      if lsp.code == 'n-plus-one' and not first then first = diagnostic end
    end
  end
  assert(first, 'no n-plus-one among the diagnostics')

  -- What `vim.lsp.buf.code_action()` sends: the line's diagnostics, converted back to LSP.
  local line_diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr, first.lnum)
  local params = {
    textDocument = vim.lsp.util.make_text_document_params(bufnr),
    range = { start = { line = first.lnum, character = first.col }, ['end'] = { line = first.end_lnum, character = first.end_col } },
    context = { diagnostics = line_diagnostics },
  }
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, 30000) or {}
  for _, response in pairs(responses) do
    if response.error then table.insert(result.errors, response.error.message) end
    for _, action in ipairs(response.result or {}) do
      table.insert(result.actions, { title = action.title, kind = action.kind or vim.NIL, command = action.command and action.command.command or vim.NIL })
    end
  end
  vim.lsp.stop_client(client_id)
end

local ok, problem = pcall(run)
if not ok then table.insert(result.errors, tostring(problem)) end
local handle = io.open(out, 'w')
handle:write(vim.json.encode(result))
handle:close()
vim.cmd('qa!')

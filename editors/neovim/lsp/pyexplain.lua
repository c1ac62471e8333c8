-- pyexplain for Neovim 0.11+: explanations of advanced Python constructs on
-- hover, pitfalls as diagnostics with quick fixes.
--
-- With this folder on 'runtimepath', enable it in init.lua:
--   vim.lsp.enable('pyexplain')
-- Change settings (all optional; every key is in docs/settings.md of the
-- pyexplain repository) with:
--   vim.lsp.config('pyexplain', { settings = { pyexplain = { hover = { detail = 'full' } } } })
---@type vim.lsp.Config
return {
  -- `pyexplain` must be on PATH; else use the full path to the executable.
  cmd = { 'pyexplain' },
  filetypes = { 'python' },
  root_markers = { '.pyexplain', 'pyproject.toml', 'setup.py', '.git' },
  -- Sent with workspace/didChangeConfiguration, and the answer to the
  -- server's workspace/configuration request for section "pyexplain".
  settings = { pyexplain = {} },
}

// Language server entry point (wired in the LSP work).

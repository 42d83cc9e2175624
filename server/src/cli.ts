// CLI entry point (wired in the CLI work).

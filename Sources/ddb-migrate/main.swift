import ArgumentParser

// Placeholder: the CLI entry, replaced by DDBMigrate.swift once the subcommands land.
print("ddb-migrate")

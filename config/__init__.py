"""Runtime configuration: settings from the environment and generated secrets."""

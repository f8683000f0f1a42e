"""Each person's pages across the capabilities: the workspace's dashboard, the to-do list, the
inbox page and the personal calendar. They read every capability's pending work, so this package
sits above them all but the reports (docs/architecture.md, "research/'s layers")."""

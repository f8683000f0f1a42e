"""Running the portal in production: request context and logs, security headers and login
throttling, file delivery through nginx, health checks, backups. See docs/deployment.md."""

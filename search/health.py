"""Elasticsearch's part of /readyz (portal.operations.health, through settings.HEALTH_CHECKS)."""

from search import documents


def check_elasticsearch():
    """The cluster answers and is not red; None when the portal runs without Elasticsearch
    (the public search then answers from the database)."""
    if not documents.enabled():
        return None
    health = documents.client().cluster.health()
    return {
        "ok": health["status"] in {"green", "yellow"},
        "status": health["status"],
        "nodes": health["number_of_nodes"],
    }

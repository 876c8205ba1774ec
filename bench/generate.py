#!/usr/bin/env python3
"""Write a large, valid incident repository for benchmarks.

    python bench/generate.py OUT_DIR [--incidents 10000] [--postmortems 2000] [--years 10]
                                     [--seed 42]

OUT_DIR must be new or empty. No incidentkit.yaml is written: the built-in defaults apply.

The output follows SPEC section 2: incidents, postmortems, people, services, escalation policies,
schedules and runbooks, with every reference resolving. The same arguments always produce the same
bytes (one seeded ``random.Random``, no clock, no set iteration). Standard library only.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

#: The last day with incidents; every timestamp lies on or before it.
LAST_DAY = date(2026, 10, 31)
LAST_START = datetime(2026, 10, 31, tzinfo=UTC)
#: Runbooks are reviewed within the 90 days before this day.
REVIEW_REFERENCE = date(2026, 11, 1)

N_PEOPLE = 200
N_SERVICES = 100
N_RUNBOOKS = 50
OPEN_SHARE = 0.02

# --------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------

TEAMS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "identity",
        "Europe/Berlin",
        (
            "auth-api",
            "login-web",
            "session-store",
            "sso-gateway",
            "mfa-service",
            "token-service",
            "user-profile-api",
        ),
    ),
    (
        "payments",
        "Europe/London",
        (
            "payments-api",
            "billing-worker",
            "invoice-service",
            "ledger-db",
            "fraud-scoring",
            "payout-worker",
            "card-vault",
        ),
    ),
    (
        "checkout",
        "America/New_York",
        (
            "checkout-api",
            "cart-service",
            "checkout-web",
            "pricing-engine",
            "promotions-api",
            "tax-service",
            "order-api",
        ),
    ),
    (
        "search",
        "America/Los_Angeles",
        (
            "search-api",
            "indexer-worker",
            "search-web",
            "autocomplete-api",
            "ranking-service",
            "query-cache",
            "catalog-sync",
        ),
    ),
    (
        "platform",
        "UTC",
        (
            "api-gateway",
            "service-mesh",
            "config-service",
            "feature-flags",
            "secrets-manager",
            "job-scheduler",
            "k8s-control-plane",
        ),
    ),
    (
        "data",
        "Europe/Berlin",
        (
            "event-pipeline",
            "data-warehouse",
            "etl-worker",
            "analytics-api",
            "stream-processor",
            "reporting-web",
            "ml-feature-store",
        ),
    ),
    (
        "messaging",
        "Asia/Kolkata",
        (
            "email-sender",
            "sms-gateway",
            "push-service",
            "notification-api",
            "webhook-dispatcher",
            "template-service",
            "inbox-api",
        ),
    ),
    (
        "storage",
        "America/New_York",
        (
            "object-store",
            "media-upload",
            "image-resizer",
            "blob-gc-worker",
            "backup-service",
            "file-api",
            "cdn-origin",
        ),
    ),
    (
        "networking",
        "Europe/London",
        (
            "edge-proxy",
            "dns-resolver",
            "load-balancer",
            "cdn-edge",
            "waf-service",
            "vpn-gateway",
            "cert-manager",
        ),
    ),
    (
        "mobile",
        "America/Sao_Paulo",
        (
            "mobile-api",
            "ios-push-relay",
            "android-sync",
            "mobile-config",
            "app-update-service",
            "mobile-bff",
            "deep-link-service",
        ),
    ),
    (
        "web",
        "Europe/Berlin",
        (
            "web-frontend",
            "web-bff",
            "static-assets",
            "ssr-renderer",
            "marketing-site",
            "account-web",
            "help-center",
        ),
    ),
    (
        "observability",
        "Australia/Sydney",
        (
            "metrics-ingest",
            "log-pipeline",
            "tracing-collector",
            "alertmanager",
            "status-page",
            "grafana",
            "uptime-checker",
        ),
    ),
    (
        "catalog",
        "Asia/Tokyo",
        (
            "catalog-api",
            "inventory-service",
            "product-images",
            "reviews-api",
            "recommendations-api",
            "seller-portal",
            "pricing-feed",
        ),
    ),
    (
        "fulfillment",
        "America/Los_Angeles",
        (
            "shipping-api",
            "warehouse-sync",
            "label-service",
            "tracking-api",
            "returns-service",
            "carrier-gateway",
            "delivery-eta",
        ),
    ),
    (
        "support",
        "Asia/Kolkata",
        (
            "support-portal",
            "ticketing-api",
            "chat-widget",
            "knowledge-base-api",
            "crm-sync",
            "callcenter-gateway",
            "survey-service",
        ),
    ),
)

TIMEZONES = (
    "America/Los_Angeles",
    "America/New_York",
    "America/Sao_Paulo",
    "Europe/London",
    "Europe/Berlin",
    "Asia/Kolkata",
    "Asia/Tokyo",
    "Australia/Sydney",
    "UTC",
)

FIRST_NAMES = (
    "Alice",
    "Bob",
    "Carol",
    "Dave",
    "Erin",
    "Frank",
    "Grace",
    "Heidi",
    "Ivan",
    "Judy",
    "Karl",
    "Lena",
    "Mallory",
    "Nina",
    "Oscar",
    "Peggy",
    "Quinn",
    "Rupert",
    "Sybil",
    "Trent",
    "Uma",
    "Victor",
    "Wendy",
    "Xavier",
    "Yara",
    "Zoe",
    "Aisha",
    "Bruno",
    "Chen",
    "Dmitri",
    "Elif",
    "Fatima",
    "Gustavo",
    "Hiro",
    "Ingrid",
    "Jamal",
    "Kenji",
    "Leila",
    "Mateo",
    "Noor",
    "Olga",
    "Priya",
    "Rafael",
    "Sven",
    "Tomasz",
    "Valentina",
    "Wei",
    "Yusuf",
)
LAST_NAMES = (
    "Ng",
    "Smith",
    "Garcia",
    "Muller",
    "Rossi",
    "Tanaka",
    "Kowalski",
    "Silva",
    "Okafor",
    "Patel",
    "Johansson",
    "Dubois",
    "Nguyen",
    "Haddad",
    "Ivanova",
    "Kim",
    "Lopez",
    "Schmidt",
    "Sato",
    "Costa",
    "Novak",
    "Moreau",
    "Berg",
    "Aziz",
    "Reyes",
    "Fischer",
    "Larsen",
    "Chen",
    "Singh",
    "Walsh",
)

# (slug, title, what the symptom looks like, what usually fixes it)
RUNBOOK_TOPICS: tuple[tuple[str, str, str, str], ...] = (
    (
        "db-connection-pool",
        "Database connection pool exhaustion",
        "active connections sit at the pool maximum and requests wait for a connection",
        "return leaked connections by restarting the worst pods, then raise the pool only if the "
        "database has headroom",
    ),
    (
        "db-replication-lag",
        "Database replication lag",
        "replicas fall behind the primary and reads return stale data",
        "move read traffic to the primary or a healthy replica and pause heavy batch jobs",
    ),
    (
        "db-failover",
        "Database primary failover",
        "the primary stops accepting writes or fails its health check",
        "promote the most up-to-date replica and repoint the writer endpoint",
    ),
    (
        "db-disk-full",
        "Database volume nearly full",
        "free space on the data volume drops below 10%",
        "expand the volume online and remove expired partitions",
    ),
    (
        "db-slow-queries",
        "Slow database queries",
        "query latency rises and the slow query log grows quickly",
        "identify the new query plan, add the missing index or disable the feature that issues it",
    ),
    (
        "db-lock-contention",
        "Database lock contention",
        "transactions wait on locks and the number of blocked sessions grows",
        "find the blocking session, cancel it, and postpone the migration or batch job holding it",
    ),
    (
        "redis-memory-pressure",
        "Redis memory pressure",
        "used memory approaches maxmemory and evictions climb",
        "shorten TTLs of the largest key families and scale the cluster",
    ),
    (
        "redis-failover",
        "Redis primary failover",
        "clients report connection resets and the sentinel elects a new primary",
        "confirm the new primary, restart clients that cached the old address",
    ),
    (
        "cache-stampede",
        "Cache stampede",
        "many requests miss the cache at once and hit the backing store together",
        "enable request coalescing and warm the hottest keys before reopening traffic",
    ),
    (
        "cache-eviction-storm",
        "Cache eviction storm",
        "eviction rate spikes and hit ratio collapses",
        "stop the job that writes large values and restore the previous cache size",
    ),
    (
        "kafka-consumer-lag",
        "Kafka consumer lag",
        "consumer group lag grows for more than ten minutes",
        "scale consumers up to the partition count and look for a poison message",
    ),
    (
        "kafka-broker-down",
        "Kafka broker down",
        "a broker leaves the cluster and partitions become under-replicated",
        "restart the broker, then let partition reassignment finish before other changes",
    ),
    (
        "queue-backlog",
        "Work queue backlog",
        "queue depth grows faster than workers drain it",
        "add workers, and shed or defer low-priority jobs",
    ),
    (
        "dead-letter-queue",
        "Messages in the dead-letter queue",
        "messages land in the dead-letter queue after exhausting retries",
        "inspect a sample, fix the cause, and replay the queue in small batches",
    ),
    (
        "elasticsearch-cluster-red",
        "Elasticsearch cluster red",
        "cluster health turns red and some shards are unassigned",
        "allocate the unassigned shards or restore them from the latest snapshot",
    ),
    (
        "elasticsearch-heap-pressure",
        "Elasticsearch heap pressure",
        "JVM heap stays above 85% and garbage collection pauses grow",
        "clear field data caches, reduce expensive aggregations, add data nodes",
    ),
    (
        "search-index-rebuild",
        "Search index rebuild",
        "the search index is missing documents or serves outdated results",
        "rebuild into a new index and switch the alias once counts match",
    ),
    (
        "k8s-node-not-ready",
        "Kubernetes node NotReady",
        "one or more nodes report NotReady and pods are evicted",
        "cordon and drain the node, then replace it through the node group",
    ),
    (
        "k8s-pod-crashloop",
        "Pods in CrashLoopBackOff",
        "pods restart repeatedly and never become ready",
        "read the previous container logs, roll back the last deploy if it is the cause",
    ),
    (
        "k8s-oom-kills",
        "Containers OOM-killed",
        "containers are killed for exceeding their memory limit",
        "raise the limit temporarily and capture a heap profile before the next restart",
    ),
    (
        "k8s-image-pull-failures",
        "Image pull failures",
        "new pods stay in ImagePullBackOff",
        "check registry credentials and availability, pin the previous image if needed",
    ),
    (
        "hpa-scaling-limits",
        "Autoscaler at maximum replicas",
        "the horizontal autoscaler sits at its maximum and latency rises",
        "raise the maximum within cluster capacity and add nodes",
    ),
    (
        "lb-5xx-spike",
        "Load balancer 5xx spike",
        "the load balancer returns 502 or 503 to clients",
        "check target health, remove failing targets, and roll back recent listener changes",
    ),
    (
        "lb-health-check-failures",
        "Load balancer health check failures",
        "targets fail health checks and are removed from rotation",
        "verify the health endpoint and its dependencies, relax the check only as a last resort",
    ),
    (
        "dns-resolution-failures",
        "DNS resolution failures",
        "services log lookup errors for internal or external names",
        "revert recent resolver or zone changes and flush negative caches",
    ),
    (
        "tls-certificate-expiry",
        "TLS certificate expiry",
        "a certificate is close to expiry or has expired",
        "issue a certificate manually and deploy it, then repair automated renewal",
    ),
    (
        "cdn-cache-purge",
        "CDN cache purge",
        "stale or wrong content is served from the CDN",
        "purge the affected paths, then confirm the origin serves the right content",
    ),
    (
        "cdn-origin-errors",
        "CDN origin errors",
        "the CDN reports errors fetching from the origin",
        "check origin health and capacity, serve stale content while it recovers",
    ),
    (
        "high-error-rate",
        "High error rate",
        "the share of failed requests rises above the service objective",
        "correlate with recent changes and roll back the most recent one first",
    ),
    (
        "high-latency",
        "High latency",
        "p99 latency rises above the service objective",
        "find the slow dependency through traces, shed load or disable the expensive feature",
    ),
    (
        "deploy-rollback",
        "Rolling back a deploy",
        "a recent deploy correlates with errors or latency",
        "roll back through the pipeline, never by hand-editing the cluster",
    ),
    (
        "feature-flag-kill-switch",
        "Feature flag kill switch",
        "a newly enabled feature causes errors for the users who have it",
        "turn the flag off for everyone, then investigate with the flag on in staging",
    ),
    (
        "config-rollback",
        "Configuration rollback",
        "a configuration push correlates with errors",
        "revert the configuration commit and push the previous version",
    ),
    (
        "secret-rotation",
        "Secret rotation failures",
        "services fail to authenticate after a credential rotation",
        "restore the previous secret version and restart the consumers in order",
    ),
    (
        "third-party-outage",
        "Third-party provider outage",
        "calls to an external provider time out or fail",
        "enable the fallback provider or degrade the feature gracefully",
    ),
    (
        "payment-provider-degraded",
        "Payment provider degraded",
        "payment authorisations fail or slow down at the provider",
        "route payments to the secondary provider and queue retries",
    ),
    (
        "email-provider-throttling",
        "Email provider throttling",
        "the email provider rejects sends with rate-limit responses",
        "slow the send rate, prioritise transactional mail over campaigns",
    ),
    (
        "sms-provider-failover",
        "SMS provider failover",
        "SMS delivery rates drop at the primary provider",
        "switch one-time-password traffic to the secondary provider",
    ),
    (
        "rate-limit-exhaustion",
        "Rate limit exhaustion",
        "legitimate clients receive 429 responses",
        "raise the affected limits temporarily and find the client that consumes the quota",
    ),
    (
        "ddos-mitigation",
        "DDoS mitigation",
        "request volume spikes from many sources far above normal",
        "enable the stricter edge profile and block the offending ranges",
    ),
    (
        "waf-false-positives",
        "WAF false positives",
        "the WAF blocks legitimate requests after a rule update",
        "put the new rule in count mode and restore the previous rule set",
    ),
    (
        "disk-space-exhaustion",
        "Disk space exhaustion",
        "a host or volume is close to full",
        "remove rotated logs and temporary files, then expand the volume",
    ),
    (
        "cpu-saturation",
        "CPU saturation",
        "CPU stays above 90% and request queues grow",
        "scale out, then profile the hottest code path",
    ),
    (
        "memory-leak",
        "Memory leak",
        "memory grows steadily until the process is restarted",
        "schedule rolling restarts as a stopgap and capture heap dumps for analysis",
    ),
    (
        "thread-pool-exhaustion",
        "Thread pool exhaustion",
        "all worker threads are busy and new requests wait",
        "find the blocking call in a thread dump and add a timeout to it",
    ),
    (
        "cron-job-failures",
        "Scheduled job failures",
        "a scheduled job fails or does not start",
        "rerun the job manually once the cause is fixed and check for overlapping runs",
    ),
    (
        "backup-restore",
        "Restoring from backup",
        "data must be recovered from a backup",
        "restore into a new instance, verify, then switch traffic",
    ),
    (
        "data-corruption-response",
        "Data corruption response",
        "records are missing, duplicated or inconsistent",
        "stop the writer responsible, snapshot the current state, repair from the audit log",
    ),
    (
        "log-pipeline-backpressure",
        "Log pipeline backpressure",
        "log shippers buffer to disk and ingestion lags",
        "drop debug-level logs at the shipper and scale the ingestion tier",
    ),
    (
        "alert-storm-triage",
        "Alert storm triage",
        "dozens of alerts fire at once across services",
        "find the common dependency, silence downstream alerts, and work the root alert",
    ),
)

REGIONS = ("us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2")
PROVIDERS = ("PayFlow", "MailRelay", "SkyCloud", "GeoPoint", "TextWave", "IdentityHub")
FLAGS = (
    "new-checkout-flow",
    "async-writes",
    "smart-retries",
    "v2-serializer",
    "edge-compute",
    "batch-indexing",
    "deferred-loading",
    "grpc-transport",
)

SEVERITIES = ("SEV0", "SEV1", "SEV2", "SEV3")
SEVERITY_WEIGHTS = (3, 15, 40, 42)


@dataclass(frozen=True)
class Scenario:
    """One kind of failure, with the text that an incident and its postmortem say about it."""

    word: str
    title: str
    summary: str
    impact: str
    tags: tuple[str, ...]
    alert: str
    trigger: str | None
    investigate: tuple[str, ...]
    decision: str
    mitigation: str
    root_cause: str
    factors: tuple[str, ...]
    well: tuple[str, ...]
    wrong: tuple[str, ...]
    lucky: tuple[str, ...]
    actions: tuple[str, ...]


SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        word="pool-exhaustion",
        title="{name} database connection pool exhausted",
        summary="Release {ver} of {svc} stopped returning database connections on an error "
        "path, so the pool drained under normal load and requests queued until they timed out.",
        impact="Requests to {svc} failed with 503s for about {pct}% of traffic",
        tags=("database", "connection-pool", "deploy"),
        alert="DbPoolSaturated",
        trigger="Deployment of {svc} {ver} completed in {region}",
        investigate=(
            "Checked the {svc} dashboard: active connections pinned at the pool maximum",
            "Confirmed database CPU and latency were normal; the pool is the bottleneck",
            "Compared {ver} with {prev_ver}: connection handling changed in the retry path",
        ),
        decision="Decided to roll back {svc} to {prev_ver} instead of raising the pool size",
        mitigation="Rolled back {svc} to {prev_ver}; connection count dropped within two minutes",
        root_cause="Release {ver} refactored the retry path of {svc}. When a query hit a "
        "statement timeout, the new code raised before returning the connection to the pool. "
        "Under normal traffic a small but steady share of queries time out, so the pool leaked "
        "connections until all {n} slots were held and new requests waited for a connection "
        "until their own deadline passed.",
        factors=(
            "The integration tests run against a database that never times out, so the leaking "
            "path was never exercised before production.",
            "The pool saturation metric existed but had no alert; the first signal was the "
            "error-rate alert several minutes later.",
            "The canary stage ran for ten minutes, shorter than the time the pool needed to "
            "drain at canary traffic.",
        ),
        well=(
            "The rollback took under five minutes and needed no manual database work.",
            "Investigation and communication were split early, so updates went out on time.",
        ),
        wrong=(
            "The pool dashboard was not linked from the alert, which cost time at the start.",
            "Two responders investigated the database in parallel without knowing it.",
        ),
        lucky=("The release went out on a quiet weekday morning, well before peak traffic.",),
        actions=(
            "Return connections in a finally block on every query path of {svc}",
            "Alert on connection pool saturation above 90% for five minutes",
            "Run integration tests against a database with statement timeouts enabled",
            "Extend the canary stage of {svc} to thirty minutes",
        ),
    ),
    Scenario(
        word="errors",
        title="Elevated 5xx errors from {name} after release {ver}",
        summary="A null-handling regression in {svc} {ver} made requests without a locale "
        "header fail with 500s. New sessions were affected until the release was rolled back.",
        impact="About {pct}% of requests to {svc} returned 500 errors",
        tags=("deploy", "regression", "errors"),
        alert="HighErrorRate",
        trigger="Progressive rollout of {svc} {ver} reached 100% of pods",
        investigate=(
            "Error logs show a null dereference in request locale parsing",
            "Errors correlate with requests that carry no Accept-Language header",
            "Confirmed {prev_ver} defaulted the empty header to en-US",
        ),
        decision="Rolled back instead of a forward fix because the pipeline rollback is faster",
        mitigation="Rollback of {svc} to {prev_ver} completed; 5xx rate back to baseline",
        root_cause="Release {ver} moved locale parsing into a shared library that assumes the "
        "header is always present. The old code path defaulted to en-US when the header was "
        "missing. Test fixtures always set the header, so the missing case was not covered, and "
        "the automated canary analysis compared pods in the same zone, which hid the increase.",
        factors=(
            "Test fixtures always set a locale header.",
            "The canary analysis used an error threshold tuned for a noisier service.",
            "The library change and the service change were reviewed in separate pull requests.",
        ),
        well=(
            "The alert fired within two minutes of the rollout reaching full traffic.",
            "Rollback tooling worked exactly as the runbook describes.",
        ),
        wrong=(
            "The rollout reached every pod before the canary analysis flagged anything.",
            "The first status update went out later than the severity policy asks for.",
        ),
        lucky=("Most signed-in users have a stored locale and saw no errors.",),
        actions=(
            "Add request fixtures without optional headers to the {svc} test suite",
            "Lower the canary error-rate threshold for {svc} to 0.5%",
            "Add a contract test for the shared locale library",
            "Document the rollback command in the {svc} runbook",
        ),
    ),
    Scenario(
        word="latency",
        title="High p99 latency on {name}",
        summary="A new query in {svc} {ver} scanned a large table without an index. p99 latency "
        "rose from 250 ms to over 4 s and upstream callers started timing out.",
        impact="Slow responses and timeouts for about {pct}% of requests through {svc}",
        tags=("latency", "database", "performance"),
        alert="P99LatencyHigh",
        trigger="Deployment of {svc} {ver} with the new order history query",
        investigate=(
            "Slow query log shows a sequential scan on the orders table",
            "Database CPU at 95% on the primary; replicas normal",
            "Traced slow requests to the order history endpoint added in {ver}",
        ),
        decision="Disable the order history endpoint by feature flag while the index builds",
        mitigation="Feature flag {flag} turned off; p99 latency recovered to 260 ms",
        root_cause="The order history query in {ver} filtered on a column without an index. On "
        "staging data the query returned in milliseconds; on the production table, several "
        "hundred times larger, every call scanned millions of rows and competed for CPU with "
        "every other query on the primary.",
        factors=(
            "Staging data is much smaller than production, so the query plan differed.",
            "The migration that adds the index was planned for a later release.",
            "Query plans are not part of the release checklist.",
        ),
        well=(
            "The feature flag made it possible to mitigate without a deploy.",
            "The database team joined within minutes and found the scan quickly.",
        ),
        wrong=(
            "The flag name was not documented; it was found by searching the code.",
            "The latency alert only fires after ten minutes above threshold.",
        ),
        lucky=("The primary had enough CPU headroom that writes kept working.",),
        actions=(
            "Add the missing index on orders(customer_id, created_at)",
            "Run EXPLAIN for new queries against a production-sized snapshot in CI",
            "Reduce the p99 latency alert window for {svc} to five minutes",
            "List feature flags per endpoint in the {svc} runbook",
        ),
    ),
    Scenario(
        word="cert-expiry",
        title="Expired TLS certificate on {name}",
        summary="The TLS certificate for {svc} expired because automated renewal had been "
        "failing for three weeks after a change of permissions at the DNS provider.",
        impact="Clients could not establish TLS connections to {svc}",
        tags=("tls", "certificates", "expiry"),
        alert="TlsHandshakeFailures",
        trigger=None,
        investigate=(
            "curl reports that the certificate of {svc} has expired",
            "cert-manager logs show DNS-01 challenge failures for three weeks",
            "The DNS provider token can no longer create TXT records",
        ),
        decision="Issue a certificate manually while the token permissions are repaired",
        mitigation="Manually issued certificate deployed to the {svc} load balancers",
        root_cause="Renewal uses a DNS-01 challenge that creates a TXT record through the DNS "
        "provider's API. A permissions change at the provider removed record creation from the "
        "token's scope. Renewal failed every day for three weeks, and the failures were logged "
        "but not alerted on, until the certificate expired.",
        factors=(
            "Renewal failures were logged at warning level with no alert.",
            "The expiry monitor only checked public endpoints, not {svc}.",
            "The provider announced the scope change by email to an unmonitored mailbox.",
        ),
        well=(
            "Manual issuance was documented and worked on the first try.",
            "Customer support had a prepared reply within fifteen minutes.",
        ),
        wrong=(
            "Three weeks of failed renewals went unnoticed.",
            "The certificate inventory did not list {svc}.",
        ),
        lucky=("The expiry happened during business hours of the owning team.",),
        actions=(
            "Alert when any certificate has fewer than 14 days left",
            "Alert on every failed ACME renewal",
            "Add {svc} to the certificate inventory",
            "Route DNS provider notices to the platform team queue",
        ),
    ),
    Scenario(
        word="dns",
        title="DNS resolution failures for {name} in {region}",
        summary="A resolver configuration change dropped a search domain in {region}, so {svc} "
        "could not resolve the short names of its dependencies.",
        impact="Calls from {svc} to {dep} failed for requests served in {region}",
        tags=("dns", "networking", "config"),
        alert="UpstreamResolutionErrors",
        trigger="Resolver configuration change rolled out to {region}",
        investigate=(
            "Pods in {region} log lookup failures for {dep}",
            "Fully qualified names resolve; short names do not",
            "The resolver config diff shows the search domain removed",
        ),
        decision="Revert the resolver change rather than patch each service configuration",
        mitigation="Resolver configuration reverted in {region}; lookups succeed again",
        root_cause="The resolver change was meant to shorten lookup chains by removing search "
        "domains that looked unused. One of them was still used by services that address "
        "dependencies by short name, including {svc}. The change was validated in a region "
        "where every service already used fully qualified names.",
        factors=(
            "Services address dependencies inconsistently, some by short name.",
            "The first region of the rollout was not representative.",
            "Resolution errors were counted per pod and never aggregated.",
        ),
        well=(
            "The network team paired with the service owners from the first minutes.",
            "Traffic could be shifted away from {region} while the revert rolled out.",
        ),
        wrong=(
            "Shifting traffic was manual and slower than expected.",
            "The resolver pipeline has no automatic rollback.",
        ),
        lucky=("Only one region had received the change when the alert fired.",),
        actions=(
            "Use fully qualified names for all dependencies of {svc}",
            "Add a synthetic short-name DNS check per region",
            "Automate traffic shifting between regions",
            "Roll back resolver changes automatically on resolution errors",
        ),
    ),
    Scenario(
        word="disk-full",
        title="{name} disk full on primary nodes",
        summary="Debug logging enabled during an earlier investigation filled the data volumes "
        "of {svc}. Writes failed once the disks reached 100%.",
        impact="Writes to {svc} failed while reads continued to work",
        tags=("disk", "logging", "capacity"),
        alert="DiskSpaceLow",
        trigger=None,
        investigate=(
            "The log directory on {svc} nodes holds about {n} GB of debug logs",
            "Debug logging was enabled three days earlier for another investigation",
            "Log rotation limits the size per file but not the total size",
        ),
        decision="Delete rotated debug logs and switch the log level back to info",
        mitigation="Freed disk space on every node; writes resumed",
        root_cause="Debug logging was switched on through the runtime configuration to "
        "investigate an unrelated issue and stayed on afterwards. Debug logs grow about forty "
        "times faster than info logs. Rotation capped the size of each file but not the number "
        "of files, so the volume filled within three days.",
        factors=(
            "Runtime log level changes do not expire.",
            "The disk alert threshold was 95%, leaving little time to react.",
            "Logs and data share one volume on these nodes.",
        ),
        well=(
            "The disk alert pointed directly at the affected nodes.",
            "Cleaning up was safe because only rotated log files were removed.",
        ),
        wrong=(
            "The earlier investigation had no checklist item to restore the log level.",
            "Writes failed for several minutes before the cleanup finished.",
        ),
        lucky=("No data files were corrupted when the disk filled.",),
        actions=(
            "Make runtime log level overrides expire after 24 hours",
            "Cap the total size of rotated logs on {svc} nodes",
            "Move logs of {svc} to a separate volume",
            "Alert on disk usage above 80% with a growth forecast",
        ),
    ),
    Scenario(
        word="oom",
        title="{name} pods OOM-killed after memory leak",
        summary="A response cache in {svc} {ver} grew without bound. Pods were OOM-killed in "
        "waves and the remaining pods could not absorb the traffic.",
        impact="Intermittent errors and restarts of {svc} for about {pct}% of requests",
        tags=("memory", "kubernetes", "deploy"),
        alert="PodRestartsHigh",
        trigger="Deployment of {svc} {ver} with the new response cache",
        investigate=(
            "Pods of {svc} restart every 40 minutes with exit code 137",
            "Heap grows linearly with request count; no plateau",
            "Heap dump shows the response cache holding millions of entries",
        ),
        decision="Roll back to {prev_ver} and capture more heap dumps from a canary pod",
        mitigation="{svc} rolled back to {prev_ver}; memory flat and no restarts for 30 minutes",
        root_cause="The response cache added in {ver} keyed entries by the full request URL, "
        "including tracking parameters that are unique per visitor. The cache had a time-based "
        "expiry but no size limit, so it grew with every unique URL until the container reached "
        "its memory limit.",
        factors=(
            "Load tests replay a fixed set of URLs, so the cache stayed small in testing.",
            "Memory limits were set close to normal usage, leaving little headroom.",
            "Restarts were spread out, so the restart alert fired late.",
        ),
        well=(
            "Heap dumps were captured before the rollback, which made the cause clear quickly.",
            "Autoscaling added pods while others restarted.",
        ),
        wrong=(
            "The first restarts were attributed to node pressure and not investigated.",
            "The rollback waited for a second opinion that was not needed.",
        ),
        lucky=("The leak was slow enough that pods restarted at different times.",),
        actions=(
            "Bound the {svc} response cache by entry count and bytes",
            "Strip tracking parameters from cache keys",
            "Add production-like URL diversity to the load test",
            "Alert on more than three restarts per pod per hour",
        ),
    ),
    Scenario(
        word="config-push",
        title="Configuration push broke {name}",
        summary="A configuration change for {svc} set an upstream timeout of 50 ms instead of "
        "500 ms. Most calls to {dep} timed out until the change was reverted.",
        impact="Most requests from {svc} to {dep} timed out",
        tags=("config", "timeouts"),
        alert="UpstreamTimeouts",
        trigger="Configuration change for {svc} pushed to all regions",
        investigate=(
            "Timeouts started within a minute of the configuration push",
            "The upstream timeout for {dep} reads 50ms in the running config",
            "The change meant to set 500ms; a zero was dropped in review",
        ),
        decision="Revert the configuration commit and push the previous version",
        mitigation="Previous configuration of {svc} restored; timeouts stopped",
        root_cause="Timeouts in the configuration are plain numbers interpreted as "
        "milliseconds. The change intended 500 and contained 50. The configuration schema "
        "accepts any positive number, and configuration changes roll out to all regions at "
        "once, so there was no stage in which the wrong value could show up on a small share of "
        "traffic.",
        factors=(
            "Configuration values have no units, so 50 and 500 look equally plausible.",
            "Configuration pushes are global, without a canary stage.",
            "The review diff did not show the previous value next to the new one.",
        ),
        well=(
            "The configuration history made the change easy to find.",
            "The revert was a single command.",
        ),
        wrong=(
            "The push tool did not warn about a tenfold change in a timeout.",
            "Several teams investigated their own services before the push was identified.",
        ),
        lucky=("The change went out shortly before a planned traffic peak, not during it.",),
        actions=(
            "Use durations with units in the {svc} configuration schema",
            "Roll out configuration changes region by region",
            "Warn on changes of more than 5x to timeouts and limits",
            "Post configuration pushes to the incident channel automatically",
        ),
    ),
    Scenario(
        word="provider-outage",
        title="{provider} outage degraded {name}",
        summary="{provider}, an external provider of {svc}, had a regional outage. Requests that "
        "depend on it failed until traffic was moved to the fallback provider.",
        impact="Features of {svc} that depend on {provider} were unavailable",
        tags=("third-party", "dependency", "vendor"),
        alert="ProviderErrorRate",
        trigger=None,
        investigate=(
            "Calls to {provider} time out from all regions",
            "The {provider} status page confirms a partial outage",
            "The fallback provider is healthy and has capacity",
        ),
        decision="Switch {svc} to the fallback provider instead of waiting for {provider}",
        mitigation="{svc} switched to the fallback provider; success rate recovered",
        root_cause="{provider} had an outage in one of its regions. {svc} sends all traffic to "
        "that provider region and the fallback is switched manually. The outage itself was "
        "outside our control; the length of the impact came from the manual switch.",
        factors=(
            "The fallback provider is configured but not used automatically.",
            "The retry policy amplified load on the provider during its recovery.",
            "The provider status page lagged behind the outage by twenty minutes.",
        ),
        well=(
            "The fallback had been tested in the last game day and worked.",
            "External communication was clear about which features were affected.",
        ),
        wrong=(
            "Time was spent confirming the outage before switching.",
            "Retries multiplied the request volume during the outage.",
        ),
        lucky=("The fallback provider had spare capacity at the time.",),
        actions=(
            "Fail over to the secondary provider automatically on sustained errors",
            "Use exponential backoff with jitter for calls to {provider}",
            "Subscribe the on-call channel to the {provider} status feed",
            "Add a quarterly failover drill for {svc}",
        ),
    ),
    Scenario(
        word="queue-backlog",
        title="{name} queue backlog delayed processing",
        summary="Consumers of {svc} stalled on a malformed message and the queue grew to "
        "{n} thousand messages, delaying processing by more than an hour.",
        impact="Processing by {svc} was delayed for up to {n} minutes",
        tags=("queue", "backlog", "async"),
        alert="QueueDepthHigh",
        trigger=None,
        investigate=(
            "Consumer lag of {svc} grows steadily; consumers are running",
            "Every consumer retries the same message and fails to decode it",
            "The message comes from {dep} after a schema change",
        ),
        decision="Move the malformed message to the dead-letter queue and resume consumers",
        mitigation="Poison message parked; consumers draining the backlog",
        root_cause="{dep} started producing an optional field as null instead of omitting it. "
        "The consumer in {svc} treats a decoding error as retryable, so it retried the same "
        "message indefinitely and blocked the partition behind it.",
        factors=(
            "Decoding errors are retried instead of dead-lettered.",
            "The producer schema change was not checked against consumers.",
            "Lag alerts use an absolute threshold that is high for this queue.",
        ),
        well=(
            "The dead-letter tooling made it easy to park the message.",
            "No messages were lost; the backlog drained in order.",
        ),
        wrong=(
            "The lag alert fired late because of its threshold.",
            "Finding the offending message required reading raw partition offsets.",
        ),
        lucky=("The backlog contained no time-critical messages.",),
        actions=(
            "Dead-letter messages that fail to decode after three attempts",
            "Add a schema compatibility check between {dep} and {svc}",
            "Alert on consumer lag in minutes instead of messages",
            "Add a tool to print the message at a stuck offset",
        ),
    ),
    Scenario(
        word="replication-lag",
        title="Replication lag on {name} served stale data",
        summary="A bulk backfill on the {svc} primary caused replication lag of up to {n} "
        "minutes. Reads from replicas returned stale data.",
        impact="Users of {svc} saw outdated data and some saw recent changes disappear",
        tags=("database", "replication", "consistency"),
        alert="ReplicationLagHigh",
        trigger="Bulk backfill job for {svc} started on the primary",
        investigate=(
            "Replica lag at {n} minutes and rising",
            "Write volume on the primary is five times normal because of the backfill",
            "Reads of {svc} go to replicas by default",
        ),
        decision="Pause the backfill and route reads to the primary until replicas catch up",
        mitigation="Backfill paused; replicas caught up and reads moved back",
        root_cause="The backfill wrote in large transactions without throttling. Replicas apply "
        "changes on a single thread, so they fell behind the primary. {svc} reads from "
        "replicas without checking lag, so users saw stale data.",
        factors=(
            "Backfills are not throttled by replica lag.",
            "Reads do not fall back to the primary when replicas lag.",
            "The backfill started during business hours.",
        ),
        well=(
            "The backfill could be paused and resumed safely.",
            "The primary had capacity to serve reads temporarily.",
        ),
        wrong=(
            "Support tickets arrived before the lag alert.",
            "There was no runbook for routing reads to the primary.",
        ),
        lucky=("No writes were made based on stale reads in a way that lost data.",),
        actions=(
            "Throttle backfill jobs on replica lag",
            "Route reads of {svc} to the primary when lag exceeds 30 seconds",
            "Schedule backfills outside peak hours by default",
            "Lower the replication lag alert threshold to 60 seconds",
        ),
    ),
    Scenario(
        word="rate-limit",
        title="{name} rejected valid traffic after rate limit change",
        summary="A new rate limit rule for {svc} counted requests per region instead of per "
        "client, so legitimate clients received 429 responses at peak.",
        impact="About {pct}% of requests to {svc} received 429 responses",
        tags=("rate-limiting", "config", "api"),
        alert="Http429RateHigh",
        trigger="Rate limit rule update for {svc} deployed",
        investigate=(
            "429 responses started with the rule update",
            "The limit key in the new rule is the region, not the client id",
            "Limits are hit by aggregate traffic at peak",
        ),
        decision="Revert the rule and review it with the API team before retrying",
        mitigation="Previous rate limit rules restored; 429 rate back to normal",
        root_cause="The rule update intended to add a per-client limit on an expensive "
        "endpoint. The rule template defaults the key to the region when the client key is "
        "not set, and the new rule did not set it. The aggregate traffic of a whole region "
        "then counted against a limit sized for one client.",
        factors=(
            "The rule template has a surprising default key.",
            "Rule changes are tested with synthetic traffic from a single client.",
            "The 429 rate was not part of the service dashboard.",
        ),
        well=(
            "Reverting rules is fast and well practised.",
            "Clients retried with backoff, so most requests succeeded eventually.",
        ),
        wrong=(
            "The impact was first reported by a partner, not by monitoring.",
            "The rule had no staged rollout.",
        ),
        lucky=("The change was made before the monthly billing run.",),
        actions=(
            "Require an explicit key in rate limit rules",
            "Add the 429 rate of {svc} to its dashboard and alerts",
            "Shadow-test rate limit rules against recorded traffic",
            "Roll out rate limit changes in count-only mode first",
        ),
    ),
    Scenario(
        word="traffic-spike",
        title="Traffic spike saturated {name}",
        summary="A marketing campaign drove traffic to {svc} to {factor} times the normal peak. "
        "The autoscaler hit its maximum replica count and requests queued.",
        impact="Slow responses and timeouts on {svc} for about {pct}% of users",
        tags=("capacity", "autoscaling", "traffic"),
        alert="HpaAtMaxReplicas",
        trigger=None,
        investigate=(
            "Request rate on {svc} is far above the normal peak",
            "The autoscaler is at its maximum replica count",
            "Cluster has spare nodes; the limit is the autoscaler setting",
        ),
        decision="Raise the autoscaler maximum and enable the cached landing page",
        mitigation="Autoscaler maximum doubled and cached landing page enabled",
        root_cause="The campaign was planned with the marketing team but the capacity review "
        "did not include {svc}. The autoscaler maximum was sized for the usual daily peak, so "
        "traffic beyond that queued in front of a fixed number of pods.",
        factors=(
            "Launch capacity reviews did not include downstream services.",
            "The autoscaler maximum had not been revisited for a year.",
            "There was no load shedding for anonymous traffic.",
        ),
        well=(
            "The cached landing page absorbed most anonymous traffic once enabled.",
            "Marketing paused the campaign email wave on request within minutes.",
        ),
        wrong=(
            "The launch calendar was not visible to the on-call engineers.",
            "Raising the autoscaler maximum required a manual change in two places.",
        ),
        lucky=("The cluster had spare nodes available.",),
        actions=(
            "Add {svc} to the launch capacity checklist",
            "Review autoscaler limits of tier 1 services quarterly",
            "Shed anonymous traffic with a cached page under load",
            "Share the launch calendar with the on-call rotation",
        ),
    ),
    Scenario(
        word="migration-lock",
        title="Schema migration locked tables for {name}",
        summary="A schema migration for {svc} took an exclusive lock on a large table. Queries "
        "queued behind the lock and the service stopped responding.",
        impact="{svc} requests that touch the accounts table hung until they timed out",
        tags=("database", "migration", "locking"),
        alert="DbBlockedSessions",
        trigger="Schema migration for {svc} started",
        investigate=(
            "Hundreds of sessions waiting on a lock held by the migration",
            "The migration adds a column with a default, which rewrites the table",
            "The table has {n} million rows; the rewrite would take about an hour",
        ),
        decision="Cancel the migration and rerun it in the online form later",
        mitigation="Migration cancelled; the lock released and queued queries completed",
        root_cause="Adding a column with a volatile default rewrites the whole table under an "
        "exclusive lock. On the small staging table this took a second. The migration tool "
        "does not set a lock timeout, so the migration waited for and then held the lock.",
        factors=(
            "Migrations run without a lock timeout.",
            "Staging tables are too small to show the cost of a rewrite.",
            "The migration linter does not flag defaults that rewrite tables.",
        ),
        well=(
            "Cancelling the migration released the lock immediately.",
            "The database team recognised the pattern within minutes.",
        ),
        wrong=(
            "The migration ran during peak hours.",
            "It took a while to find which session held the lock.",
        ),
        lucky=("The cancelled migration had not yet committed any partial change.",),
        actions=(
            "Set a lock timeout of five seconds for all migrations",
            "Add a migration lint rule for table-rewriting defaults",
            "Run migrations of {svc} outside peak hours",
            "Add a query to the runbook that shows lock holders",
        ),
    ),
    Scenario(
        word="flag-rollout",
        title="Feature flag rollout broke {name} for some users",
        summary="Enabling {flag} for 25% of users exposed a code path in {svc} that failed for "
        "accounts created before 2019.",
        impact="Users of older accounts could not complete requests in {svc}",
        tags=("feature-flags", "rollout", "errors"),
        alert="ErrorRateBySegment",
        trigger="Feature flag {flag} enabled for 25% of users",
        investigate=(
            "Errors only for users in the {flag} cohort",
            "All failing accounts were created before 2019",
            "Older accounts lack a field the new code path requires",
        ),
        decision="Turn {flag} off for everyone while the data is backfilled",
        mitigation="{flag} disabled; error rate back to baseline",
        root_cause="The new code path reads a preference field that was introduced in 2019. "
        "Older accounts never had it backfilled. The flag was tested with recently created "
        "accounts only.",
        factors=(
            "Test accounts are recreated regularly and are always recent.",
            "The flag rollout had no automatic guard on error rate.",
            "The old data shape was not documented.",
        ),
        well=(
            "Turning the flag off fixed the problem immediately.",
            "The segment-level error alert pointed at the flag cohort.",
        ),
        wrong=(
            "The rollout went from 1% to 25% in one step.",
            "Affected users were not notified until later.",
        ),
        lucky=("The flag was only enabled for part of the user base.",),
        actions=(
            "Backfill the preference field for accounts created before 2019",
            "Add old-account fixtures to the {svc} test data",
            "Add an automatic error-rate guard to flag rollouts",
            "Limit rollout steps to doubling the cohort",
        ),
    ),
    Scenario(
        word="cache-stampede",
        title="Cache stampede on {name} after cache flush",
        summary="A full cache flush during maintenance sent every request of {svc} to the "
        "database at once. The database saturated and requests timed out.",
        impact="Timeouts on {svc} for about {pct}% of requests until the cache warmed up",
        tags=("cache", "database", "maintenance"),
        alert="CacheHitRatioLow",
        trigger="Cache cluster for {svc} flushed during maintenance",
        investigate=(
            "Cache hit ratio dropped from 97% to near zero",
            "Database connections and CPU at maximum",
            "Identical queries issued hundreds of times per second",
        ),
        decision="Enable request coalescing and throttle traffic while the cache warms",
        mitigation="Request coalescing enabled; cache hit ratio back above 90%",
        root_cause="The maintenance procedure flushes the entire cache. {svc} fetches a missing "
        "key from the database in every request that misses, without coalescing, so the "
        "database received the full request load at once.",
        factors=(
            "The maintenance procedure predates {svc} using this cache.",
            "Request coalescing existed but was disabled by default.",
            "Maintenance was scheduled without the service owners.",
        ),
        well=(
            "Coalescing could be enabled at runtime.",
            "The database recovered without a failover.",
        ),
        wrong=(
            "The maintenance plan did not mention the flush.",
            "It took time to connect the timeouts to the maintenance.",
        ),
        lucky=("The flush happened outside the daily peak.",),
        actions=(
            "Enable request coalescing for {svc} by default",
            "Replace full flushes with key-prefix invalidation",
            "Share cache maintenance plans with the owners of dependent services",
            "Warm the cache of {svc} before reopening traffic after maintenance",
        ),
    ),
)

#: Runbooks that an incident of each scenario links to.
SCENARIO_RUNBOOKS: dict[str, tuple[str, ...]] = {
    "pool-exhaustion": ("db-connection-pool", "deploy-rollback"),
    "errors": ("high-error-rate", "deploy-rollback"),
    "latency": ("high-latency", "db-slow-queries", "feature-flag-kill-switch"),
    "cert-expiry": ("tls-certificate-expiry",),
    "dns": ("dns-resolution-failures", "config-rollback"),
    "disk-full": ("disk-space-exhaustion", "db-disk-full"),
    "oom": ("k8s-oom-kills", "memory-leak", "deploy-rollback"),
    "config-push": ("config-rollback", "high-error-rate"),
    "provider-outage": (
        "third-party-outage",
        "payment-provider-degraded",
        "email-provider-throttling",
        "sms-provider-failover",
    ),
    "queue-backlog": ("queue-backlog", "kafka-consumer-lag", "dead-letter-queue"),
    "replication-lag": ("db-replication-lag",),
    "rate-limit": ("rate-limit-exhaustion", "config-rollback"),
    "traffic-spike": ("hpa-scaling-limits", "cpu-saturation", "cdn-cache-purge"),
    "migration-lock": ("db-lock-contention",),
    "flag-rollout": ("feature-flag-kill-switch", "high-error-rate"),
    "cache-stampede": ("cache-stampede", "redis-memory-pressure"),
}

GENERIC_ACTIONS = (
    "Engaged {expert} for a second opinion on {dep}",
    "Checked recent deploys and configuration changes across {svc} and {dep}",
    "Opened the incident channel and started the bridge",
    "Confirmed that {dep} is healthy and not involved",
    "Verified that the error budget dashboard reflects the incident",
    "Paused the deploy pipeline for {svc}",
    "Compared metrics across regions; {region} is the most affected",
)
RESOLVE_NOTES = (
    "Metrics at baseline for 30 minutes; closing the incident",
    "No errors for an hour; resolving and handing over to the postmortem owner",
    "Monitoring shows full recovery; resolving",
    "Error rate and latency normal; incident resolved",
)
OPEN_NOTES = (
    "Still investigating; next update in 30 minutes",
    "Working hypothesis recorded in the incident doc; gathering more data",
    "Monitoring the fix; error rate falling",
)
COMMENTS = (
    "# Imported from the incident channel export.",
    "# Timeline reconstructed from chat logs and the deploy history.",
    "# Keep this file in step with the status page.",
    "# Reviewed in the weekly incident review.",
    "# Severity confirmed with the service owner.",
)
INLINE_COMMENTS = {
    "severity": (
        "# confirmed by the commander",
        "# raised after customer reports",
        "# per the severity decision tree",
    ),
    "detection": ("# see the alert link below", "# reported through support"),
}

_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 _.,;()/'%~+=!?&-]*")
_RESERVED = frozenset("y n yes no on off true false null".split())
_ACRONYMS = frozenset(
    "api db sso mfa cdn dns ml eta bff waf vpn k8s sms crm etl ios lb tls hpa cpu".split()
)


# --------------------------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    handle: str
    name: str
    github: str
    timezone: str
    team: str


@dataclass
class Service:
    id: str
    name: str
    team: str
    tier: int
    runbooks: list[str] = field(default_factory=list)


@dataclass
class Runbook:
    slug: str
    title: str
    signal: str
    fix: str
    owner: str
    services: list[str]
    last_reviewed: date
    alerts: list[str]


@dataclass(frozen=True)
class Team:
    id: str
    timezone: str
    members: tuple[str, ...]
    schedule: tuple[str, ...]
    lead: str
    manager: str


@dataclass(frozen=True)
class IncidentInfo:
    """What a postmortem needs to know about its incident."""

    id: str
    title: str
    severity: str
    scenario: Scenario
    ctx: dict[str, str]
    services: tuple[str, ...]
    team: str
    impact: str
    users: int | None
    customer_facing: bool
    detection: str
    commander: str
    others: tuple[str, ...]
    started: datetime
    detected: datetime
    acknowledged: datetime
    mitigated: datetime
    resolved: datetime
    timeline: tuple[tuple[datetime, str, str], ...]
    links: tuple[tuple[str, str], ...]


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def q(text: str) -> str:
    """A YAML scalar for ``text`` in block context: plain when safe, else double-quoted."""
    if _PLAIN.fullmatch(text) and text[-1] != " " and text.lower() not in _RESERVED:
        return text
    return json.dumps(text)


def flow(items: Sequence[str]) -> str:
    """A YAML flow sequence of simple identifiers."""
    return "[" + ", ".join(items) + "]"


def ts(moment: datetime) -> str:
    """RFC 3339 in UTC with ``Z`` (every generated time is whole seconds in UTC)."""
    return moment.isoformat()[:19] + "Z"


def folded(key: str, text: str, indent: str = "") -> list[str]:
    """``key: >`` followed by ``text`` wrapped at 96 columns."""
    lines = [f"{indent}{key}: >"]
    width = 96 - len(indent)
    current = ""
    for word in text.split():  # textwrap.wrap is the slowest part of a run; words suffice
        if current and len(current) + 1 + len(word) > width:
            lines.append(f"{indent}  {current}")
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        lines.append(f"{indent}  {current}")
    return lines


def duration_words(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return f"{hours}h {minutes}m"
    if hours:
        return f"{hours}h"
    return f"{minutes}m"


def display_name(service_id: str) -> str:
    """``auth-api`` -> ``Auth API``."""
    return " ".join(w.upper() if w in _ACRONYMS else w.capitalize() for w in service_id.split("-"))


def camel(slug: str) -> str:
    """``db-connection-pool`` -> ``DBConnectionPool`` (an alert name)."""
    return "".join(w.upper() if w in _ACRONYMS else w.capitalize() for w in slug.split("-"))


def fmt(template: str, ctx: dict[str, str]) -> str:
    return template.format_map(ctx)


# --------------------------------------------------------------------------------------------
# On-call: people, teams, services, runbooks
# --------------------------------------------------------------------------------------------


def make_people(rng: random.Random) -> list[Person]:
    combos = [(f, last) for f in FIRST_NAMES for last in LAST_NAMES]
    rng.shuffle(combos)
    taken: set[str] = set()
    people: list[Person] = []
    team_ids = [t[0] for t in TEAMS]
    team_tz = {t[0]: t[1] for t in TEAMS}
    for i, (first, last) in enumerate(combos[:N_PEOPLE]):
        base = first.lower()
        for candidate in (base, f"{base}{last[0].lower()}", f"{base}-{last.lower()}"):
            if candidate not in taken and candidate not in _RESERVED:
                handle = candidate
                break
        else:  # pragma: no cover - the third form is unique by construction
            raise AssertionError(first + last)
        taken.add(handle)
        team = team_ids[i % len(team_ids)]
        tz = team_tz[team] if rng.random() < 0.75 else rng.choice(TIMEZONES)
        people.append(Person(handle, f"{first} {last}", f"{first}-{last}".lower(), tz, team))
    return people


def make_teams(rng: random.Random, people: list[Person]) -> dict[str, Team]:
    teams: dict[str, Team] = {}
    for team_id, tz, _ in TEAMS:
        members = tuple(p.handle for p in people if p.team == team_id)
        picked = rng.sample(members, k=min(len(members), rng.randint(4, 6)))
        rest = [m for m in members if m not in picked] or list(members)
        lead = rng.choice(rest)
        manager = rng.choice([m for m in rest if m != lead] or rest)
        teams[team_id] = Team(team_id, tz, members, tuple(picked), lead, manager)
    return teams


def make_services(rng: random.Random) -> list[Service]:
    # Round-robin over the teams so that every team keeps services when trimmed to N_SERVICES.
    ordered: list[tuple[str, str]] = []
    longest = max(len(t[2]) for t in TEAMS)
    for i in range(longest):
        ordered.extend((t[0], t[2][i]) for t in TEAMS if i < len(t[2]))
    services = []
    for team, sid in ordered[:N_SERVICES]:
        tier = rng.choices((1, 2, 3), weights=(3, 4, 3))[0]
        services.append(Service(sid, display_name(sid), team, tier))
    services.sort(key=lambda s: (s.team, s.id))
    return services


def make_runbooks(
    rng: random.Random, services: list[Service], teams: dict[str, Team]
) -> list[Runbook]:
    runbooks: list[Runbook] = []
    topics = RUNBOOK_TOPICS[:N_RUNBOOKS]
    for slug, title, signal, fix in topics:
        runbooks.append(Runbook(slug, title, signal, fix, "", [], REVIEW_REFERENCE, []))
    by_slug = {r.slug: r for r in runbooks}
    # Each service links one to three runbooks; the runbook lists the service back.
    for service in services:
        for slug in sorted(rng.sample(list(by_slug), k=rng.randint(1, 3))):
            service.runbooks.append(slug)
            by_slug[slug].services.append(service.id)
    service_team = {s.id: s.team for s in services}
    for runbook in runbooks:
        if not runbook.services:
            extra = rng.choice(services)
            extra.runbooks.append(runbook.slug)
            extra.runbooks.sort()
            runbook.services.append(extra.id)
        runbook.services.sort()
        team = teams[service_team[runbook.services[0]]]
        runbook.owner = rng.choice(team.members)
        runbook.last_reviewed = REVIEW_REFERENCE - timedelta(days=rng.randint(1, 90))
        name = camel(runbook.slug)
        runbook.alerts = [name] if rng.random() < 0.5 else [name, f"{name}Critical"]
    return runbooks


def write_oncall(
    out: Path,
    people: list[Person],
    teams: dict[str, Team],
    services: list[Service],
    runbooks: list[Runbook],
    rng: random.Random,
) -> int:
    oncall = out / "oncall"
    (oncall / "schedules").mkdir(parents=True, exist_ok=True)
    (oncall / "runbooks").mkdir(parents=True, exist_ok=True)
    lines = ["# Everyone who can be paged or named in an incident."]
    for p in people:
        lines += [
            f"- handle: {p.handle}",
            f"  name: {q(p.name)}",
            f"  github: {p.github}",
            f"  email: {p.handle}@example.com",
            f"  timezone: {p.timezone}",
        ]
    write(oncall / "people.yaml", lines)

    lines = ["# Service catalog: owner team, tier, escalation policy, runbooks."]
    for s in services:
        lines += [
            f"- id: {s.id}",
            f"  name: {q(s.name)}",
            f"  team: {s.team}",
            f"  tier: {s.tier}",
            f"  escalation_policy: {s.team}",
            f"  runbooks: {flow(s.runbooks)}",
        ]
    write(oncall / "services.yaml", lines)

    lines = []
    for team in teams.values():
        lines += [
            f"- id: {team.id}",
            f"  name: {team.id.capitalize()} escalation",
            f"  repeat: {rng.randint(1, 3)}",
            "  steps:",
            "    - after: 0m",
            f"      notify: [schedule:{team.id}-primary]",
            f"    - after: {rng.choice((5, 10, 15))}m",
            f"      notify: [person:{team.lead}]",
            f"    - after: {rng.choice((30, 45, 60))}m",
            f"      notify: [person:{team.manager}]",
        ]
    write(oncall / "escalation-policies.yaml", lines)

    for team in teams.values():
        write(
            oncall / "schedules" / f"{team.id}-primary.yaml",
            [
                f"id: {team.id}-primary",
                f"name: {team.id.capitalize()} primary",
                f"timezone: {team.timezone}",
                "layers:",
                "  - name: weekly",
                '    start: "2026-01-05T10:00"',
                "    rotation: weekly",
                f"    members: {flow(team.schedule)}",
            ],
        )

    for rb in runbooks:
        names = ", ".join(f"`{s}`" for s in rb.services)
        owner_team = next(s.team for s in services if s.id == rb.services[0])
        body = [
            "---",
            f"title: {q(rb.title)}",
            f"services: {flow(rb.services)}",
            f"owner: {rb.owner}",
            f"last_reviewed: {rb.last_reviewed.isoformat()}",
            f"alerts: {flow(rb.alerts)}",
            "---",
            f"# {rb.title}",
            "",
            "## Trigger",
            "",
            f"Alerts {', '.join(rb.alerts)} fire when {rb.signal}. The alert links here from "
            f"the paging message of the {owner_team} rotation.",
            "",
            "## Impact",
            "",
            f"Affects {names}. Left alone, the symptom usually spreads to callers within "
            "minutes: expect rising latency first, then errors.",
            "",
            "## Diagnosis",
            "",
            "1. Open the service dashboard and confirm the symptom: " + rb.signal + ".",
            "2. Check the deploy and configuration history of the last two hours.",
            "3. Compare regions; a single-region problem points at infrastructure.",
            "4. Look at the traces of the slowest requests to find the dependency involved.",
            "",
            "## Steps",
            "",
            f"1. Declare an incident if customers are affected and page the {owner_team} rotation.",
            f"2. Mitigate first: {rb.fix}.",
            "3. Record every action in the incident timeline with `incidentkit log`.",
            "4. Post a status update at the cadence of the severity.",
            "",
            "## Verification",
            "",
            "The alert resolves, error rate and latency return to their baseline on the "
            "dashboard, and stay there for at least 15 minutes.",
            "",
            "## Rollback",
            "",
            "Every step above is reversible: restore the previous configuration or release "
            "through the pipeline, and undo manual scaling once traffic is normal.",
            "",
            "## Escalation",
            "",
            f"If the symptom persists after 30 minutes, follow the `{owner_team}` escalation "
            f"policy and page the runbook owner, @{rb.owner}.",
        ]
        write(oncall / "runbooks" / f"{rb.slug}.md", body)
    return 3 + len(teams) + len(runbooks)


def write(path: Path, lines: list[str]) -> None:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")


# --------------------------------------------------------------------------------------------
# Incidents
# --------------------------------------------------------------------------------------------


def version(rng: random.Random) -> tuple[str, str]:
    major, minor, patch = rng.randint(1, 9), rng.randint(1, 40), rng.randint(0, 9)
    return f"v{major}.{minor}.{patch}", f"v{major}.{minor - 1}.{rng.randint(0, 9)}"


class IncidentWriter:
    def __init__(
        self,
        rng: random.Random,
        people: list[Person],
        teams: dict[str, Team],
        services: list[Service],
    ) -> None:
        self.rng = rng
        self.teams = teams
        self.services = services
        self.handles = [p.handle for p in people]
        self.service_by_id = {s.id: s for s in services}
        self.team_services = {t: [s.id for s in services if s.team == t] for t in teams}
        self.counters: dict[tuple[str, str], int] = {}
        self.history: dict[str, list[str]] = {}
        self.all_ids: list[str] = []
        self.year_dirs: dict[str, Path] = {}

    def people_for(self, team: Team) -> tuple[str, list[str]]:
        """A commander and a shuffled pool of other responders, mostly from ``team``."""
        rng = self.rng
        commander = rng.choice(team.schedule)
        pool = [m for m in team.members if m != commander]
        rng.shuffle(pool)
        outsiders = rng.sample(self.handles, 3)
        others = pool[:4] + [h for h in outsiders if h != commander and h not in pool[:4]]
        return commander, others

    def build(self, started: datetime, is_open: bool, out: Path) -> IncidentInfo | None:
        rng = self.rng
        severity = rng.choices(SEVERITIES, weights=SEVERITY_WEIGHTS)[0]
        sev_rank = SEVERITIES.index(severity)
        primary = rng.choice(self.services)
        team = self.teams[primary.team]
        scenario = rng.choice(SCENARIOS)
        extra = rng.choices((0, 1, 2), weights=(55, 35, 10))[0]
        others_pool = [s for s in self.team_services[primary.team] if s != primary.id]
        services = [primary.id]
        for _ in range(extra):
            candidate = (
                rng.choice(others_pool)
                if others_pool and rng.random() < 0.6
                else rng.choice(self.services).id
            )
            if candidate not in services:
                services.append(candidate)
        dep = services[1] if len(services) > 1 else rng.choice(self.services).id
        if dep == primary.id:
            dep = "the shared database"
        ver, prev_ver = version(rng)
        pct = [rng.randint(40, 100), rng.randint(8, 45), rng.randint(1, 12), rng.randint(0, 2)]
        commander, others = self.people_for(team)
        ctx = {
            "name": primary.name,
            "svc": primary.id,
            "dep": dep,
            "ver": ver,
            "prev_ver": prev_ver,
            "region": rng.choice(REGIONS),
            "pct": str(pct[sev_rank]),
            "n": str(rng.randint(12, 480)),
            "factor": str(rng.randint(3, 12)),
            "flag": rng.choice(FLAGS),
            "provider": rng.choice(PROVIDERS),
            "expert": others[-1],
        }

        key = (primary.id, scenario.word)
        self.counters[key] = self.counters.get(key, 0) + 1
        slug = f"{primary.id}-{scenario.word}-{self.counters[key]}"
        incident_id = f"{started:%Y-%m-%d}-{slug}"

        detection = rng.choices(("automated", "manual", "customer"), weights=(70, 12, 18))[0]
        detect_minutes = {"automated": (1, 12), "manual": (5, 60), "customer": (10, 120)}
        lo, hi = detect_minutes[detection]
        detected = started + timedelta(minutes=rng.randint(lo, hi // (1 + (sev_rank == 0))))
        ack_max = (3, 10, 30, 120)[sev_rank]
        acknowledged = detected + timedelta(
            minutes=rng.randint(0, ack_max), seconds=rng.choice((0, 0, 15, 30, 45))
        )
        mitigated = acknowledged + timedelta(minutes=rng.randint(12, (90, 150, 240, 300)[sev_rank]))
        resolved = mitigated + timedelta(minutes=rng.randint(0, (120, 240, 360, 480)[sev_rank]))

        if is_open:
            status = rng.choice(("investigating", "identified", "monitoring"))
        else:
            status = "resolved"
        has_mitigated = status in ("monitoring", "resolved")
        end = (
            resolved
            if status == "resolved"
            else (
                mitigated + timedelta(minutes=rng.randint(10, 60))
                if has_mitigated
                else acknowledged + timedelta(minutes=rng.randint(20, 90))
            )
        )

        # Roles.
        # The defaults of incidentkit.yaml's required roles: SEV0 names a commander, a
        # communications lead, a scribe and an expert; SEV1 a commander and an expert.
        roles: list[str] = [f"  commander: {commander}"]
        responders = [commander]
        pool = list(others)
        required_expert = pool.pop() if sev_rank <= 1 and pool else None
        for role, chance in (
            ("communications", 1.0 if sev_rank == 0 else 0.6 - 0.1 * sev_rank),
            ("scribe", 1.0 if sev_rank == 0 else 0.5 - 0.1 * sev_rank),
            ("tech_lead", 0.8),
        ):
            if pool and rng.random() < chance:
                handle = pool.pop(0)
                roles.append(f"  {role}: {handle}")
                responders.append(handle)
        experts = [required_expert] if required_expert else []
        if pool and rng.random() < 0.5:
            experts += pool[-rng.randint(1, min(2 - len(experts), len(pool))) :] \
                if len(experts) < 2 else []
        if experts:
            roles.append(f"  experts: {flow(experts)}")
            responders.extend(experts)

        # Timeline: anchors first, then investigation entries in between.
        entries: list[tuple[datetime, str, str, str | None]] = []
        if scenario.trigger is not None:
            entries.append((started, "change", fmt(scenario.trigger, ctx), None))
        elif rng.random() < 0.5:
            note = f"Impact began (reconstructed afterwards from the {primary.id} metrics)"
            entries.append((started, "note", note, None))
        alert_name = camel(primary.id) + scenario.alert
        if detection == "automated":
            alert_text = f"Alert {alert_name} fired for {primary.id}"
        elif detection == "customer":
            alert_text = f"Support escalated customer reports about {primary.name}"
        else:
            alert_text = f"Responder noticed anomalies on the {primary.name} dashboard"
        entries.append((detected, "alert", alert_text, None))
        entries.append(
            (
                acknowledged,
                "action",
                f"{commander} acknowledged the page and declared {severity}",
                commander,
            )
        )
        work_end = mitigated if has_mitigated else end
        span = max(60, int((work_end - acknowledged).total_seconds()))
        middle: list[tuple[str, str]] = [("action", fmt(t, ctx)) for t in scenario.investigate]
        middle.append(("action", fmt(rng.choice(GENERIC_ACTIONS), ctx)))
        middle.append(("communication", "Posted the first status update and opened the bridge"))
        if status != "investigating":
            middle.append(("decision", fmt(scenario.decision, ctx)))
        tail: list[tuple[datetime, str, str, str | None]] = []
        if has_mitigated:
            fixer = rng.choice(responders)
            tail.append((mitigated, "change", fmt(scenario.mitigation, ctx), fixer))
        if status == "resolved":
            tail.append((resolved, "note", rng.choice(RESOLVE_NOTES), commander))
        elif rng.random() < 0.5:
            tail.append((end, "note", rng.choice(OPEN_NOTES), commander))
        target = rng.randint(4, 8)
        room = max(1, target - len(entries) - len(tail))
        # Keep the scenario order (investigation, communication, decision) and drop extras.
        decision = [m for m in middle if m[0] == "decision"]
        rest = [m for m in middle if m[0] != "decision"]
        rest = rest[: max(0, room - len(decision))]
        picked = rest + decision
        offsets = sorted(rng.randint(1, span - 1) for _ in picked)
        for (kind, text), offset in zip(picked, offsets, strict=True):
            author = rng.choice(responders) if rng.random() < 0.7 else None
            entries.append((acknowledged + timedelta(seconds=offset), kind, text, author))
        entries.extend(tail)

        # Status updates in the order of the statuses.
        progression = ["investigating", "identified", "monitoring", "resolved"]
        reached = progression[: progression.index(status) + 1]
        count = min(len(reached), rng.randint(1, 3))
        chosen = sorted(rng.sample(range(len(reached)), count))
        if status == "resolved" and len(reached) - 1 not in chosen:
            chosen[-1] = len(reached) - 1
            chosen = sorted(set(chosen))
        windows = {
            "investigating": (acknowledged, acknowledged + (work_end - acknowledged) / 3),
            "identified": (acknowledged + (work_end - acknowledged) / 3, work_end),
            "monitoring": (mitigated, mitigated + (end - mitigated) / 2),
            "resolved": (end, end),
        }
        audience = "external" if sev_rank <= 1 or rng.random() < 0.4 else "internal"
        updates: list[tuple[datetime, str, str]] = []
        for index in chosen:
            st = reached[index]
            lo_t, hi_t = windows[st]
            at = lo_t + (hi_t - lo_t) * rng.random()
            at = at.replace(microsecond=0)
            updates.append((at, st, self.update_text(st, primary.name, audience)))
        updates.sort(key=lambda u: u[0])

        impact_text = fmt(scenario.impact, ctx)
        customer_facing = (
            sev_rank <= 1 or (sev_rank == 2 and rng.random() < 0.6) or (rng.random() < 0.1)
        )
        users = None
        if customer_facing and rng.random() < 0.7:
            users = (
                rng.randint(50_000, 2_000_000),
                rng.randint(5_000, 300_000),
                rng.randint(100, 20_000),
                rng.randint(1, 500),
            )[sev_rank]

        # Related incidents: earlier ones of the same service first.
        related: list[str] = []
        n_related = rng.choices((0, 1, 2), weights=(65, 25, 10))[0]
        same = self.history.get(primary.id, [])
        for _ in range(n_related):
            source = same if same and rng.random() < 0.8 else self.all_ids
            if source:
                candidate = rng.choice(source[-20:])
                if candidate not in related:
                    related.append(candidate)

        runbook_choices = SCENARIO_RUNBOOKS[scenario.word]
        n_runbooks = min(len(runbook_choices), rng.choices((0, 1, 2), weights=(2, 6, 2))[0])
        runbooks = sorted(rng.sample(runbook_choices, k=n_runbooks))
        tags = list(scenario.tags[: rng.randint(1, len(scenario.tags))])
        if customer_facing and rng.random() < 0.5:
            tags.append("customer-impact")
        if rng.random() < 0.3:
            tags.append(f"tier-{primary.tier}")

        links = [("Dashboard", f"https://grafana.example.com/d/{primary.id}")]
        if rng.random() < 0.6:
            links.append(("Incident channel", f"https://chat.example.com/c/inc-{slug}"))
        if scenario.trigger and rng.random() < 0.6:
            links.append(
                (f"Release {ver}", f"https://github.com/example/{primary.id}/releases/tag/{ver}")
            )
        if detection == "customer" and rng.random() < 0.7:
            links.append(
                (
                    "Support tickets",
                    f"https://support.example.com/search?q={primary.id}+{started:%Y%m%d}",
                )
            )

        # Render.
        lines: list[str] = []
        if rng.random() < 0.2:
            lines.append(rng.choice(COMMENTS))
        sev_comment = f"  {rng.choice(INLINE_COMMENTS['severity'])}" if rng.random() < 0.15 else ""
        det_comment = f"  {rng.choice(INLINE_COMMENTS['detection'])}" if rng.random() < 0.1 else ""
        summary = fmt(scenario.summary, ctx)
        if status == "resolved" and rng.random() < 0.5:
            summary += (
                f" Impact lasted {duration_words(mitigated - started)} until mitigation; "
                f"the incident was resolved after {duration_words(resolved - started)}."
            )
        elif status != "resolved":
            summary += " Investigation is ongoing."
        lines += [
            f"id: {incident_id}",
            f"title: {q(fmt(scenario.title, ctx))}",
            f"severity: {severity}{sev_comment}",
            f"status: {status}",
            *folded("summary", summary),
            f"services: {flow(services)}",
            f"detection: {detection}{det_comment}",
            "impact:",
            f"  summary: {q(impact_text)}",
        ]
        if users is not None:
            lines.append(f"  users_affected: {users}")
        if customer_facing and rng.random() < 0.6:
            lines.append(f"  percent: {pct[sev_rank]}")
        lines.append(f"  customer_facing: {'true' if customer_facing else 'false'}")
        lines.append("roles:")
        lines += roles
        lines += [
            f"started_at: {ts(started)}",
            f"detected_at: {ts(detected)}",
            f"acknowledged_at: {ts(acknowledged)}",
        ]
        if has_mitigated:
            lines.append(f"mitigated_at: {ts(mitigated)}")
        if status == "resolved":
            lines.append(f"resolved_at: {ts(resolved)}")
        lines.append("timeline:")
        if rng.random() < 0.1:
            lines.append("  # Times are UTC, taken from the chat log.")
        for at, kind, text, author in entries:
            lines += [f"  - at: {ts(at)}", f"    kind: {kind}", f"    text: {q(text)}"]
            if author is not None:
                lines.append(f"    author: {author}")
        lines.append("updates:")
        for at, st, text in updates:
            lines += [
                f"  - at: {ts(at)}",
                f"    status: {st}",
                f"    audience: {audience}",
                f"    text: {q(text)}",
            ]
        lines += [
            f"tags: {flow(tags)}",
            f"runbooks: {flow(runbooks)}",
            f"related: {flow(related)}",
            "links:",
        ]
        for title, url in links:
            lines.append(f"  - {{title: {title}, url: {json.dumps(url)}}}")

        year = incident_id[:4]
        directory = self.year_dirs.get(year)
        if directory is None:
            directory = self.year_dirs[year] = out / "incidents" / year
            directory.mkdir(parents=True, exist_ok=True)
        write(directory / f"{incident_id}.yaml", lines)

        self.history.setdefault(primary.id, []).append(incident_id)
        self.all_ids.append(incident_id)
        if status != "resolved":
            return None
        return IncidentInfo(
            id=incident_id,
            title=fmt(scenario.title, ctx),
            severity=severity,
            scenario=scenario,
            ctx=ctx,
            services=tuple(services),
            team=primary.team,
            impact=impact_text,
            users=users,
            customer_facing=customer_facing,
            detection=detection,
            commander=commander,
            others=tuple(h for h in responders[1:] + others if h != commander),
            started=started,
            detected=detected,
            acknowledged=acknowledged,
            mitigated=mitigated,
            resolved=resolved,
            timeline=tuple((at, kind, text) for at, kind, text, _ in entries),
            links=tuple(links),
        )

    def update_text(self, status: str, name: str, audience: str) -> str:
        rng = self.rng
        if audience == "internal":
            return {
                "investigating": f"Investigating errors on {name}; bridge is open.",
                "identified": f"Cause identified for {name}; mitigation in progress.",
                "monitoring": f"Mitigation applied to {name}; watching the metrics.",
                "resolved": f"{name} is healthy again; postmortem to follow.",
            }[status]
        options = {
            "investigating": (
                f"We are investigating reports of problems with {name}.",
                f"Some requests to {name} are failing. We are looking into it.",
            ),
            "identified": (
                f"We have identified the cause of the problems with {name} and are working "
                "on a fix.",
                f"The issue affecting {name} has been identified; a fix is being applied.",
            ),
            "monitoring": (
                f"A fix for {name} has been applied and we are monitoring the results.",
                f"{name} is recovering. We continue to monitor closely.",
            ),
            "resolved": (
                f"The issue with {name} has been resolved. Thank you for your patience.",
                f"{name} is operating normally again.",
            ),
        }
        return rng.choice(options[status])


def start_times(rng: random.Random, count: int, years: int) -> list[datetime]:
    """``count`` start times over ``years`` years up to LAST_START, denser towards the end."""
    span = int(timedelta(days=round(365.25 * years)).total_seconds()) - 3600
    first = LAST_START - timedelta(seconds=span)
    moments = []
    for _ in range(count):
        # The incident rate grows linearly: density 0.5 + u over the span (u in 0..1).
        u = rng.random() ** 0.5 if rng.random() < 0.5 else rng.random()
        offset = int(span * u) // 60 * 60
        moments.append(first + timedelta(seconds=offset))
    moments.sort()
    return moments


# --------------------------------------------------------------------------------------------
# Postmortems
# --------------------------------------------------------------------------------------------


def write_postmortem(
    rng: random.Random, out: Path, info: IncidentInfo, teams: dict[str, Team]
) -> None:
    sc, ctx = info.scenario, info.ctx
    age = (LAST_DAY - info.resolved.date()).days
    if age > 60:
        status = rng.choices(("final", "in-review", "draft"), weights=(90, 6, 4))[0]
    else:
        status = rng.choices(("final", "in-review", "draft"), weights=(30, 40, 30))[0]
    authors = [info.commander]
    if info.others and rng.random() < 0.5:
        authors.append(info.others[0])
    reviewer_pool = [h for h in teams[info.team].members if h not in authors]
    reviewers = rng.sample(reviewer_pool, k=min(len(reviewer_pool), rng.randint(1, 2)))

    n_items = rng.randint(1, 4)
    titles = [fmt(t, ctx) for t in rng.sample(sc.actions, n_items)]
    owners = list(info.others) + list(teams[info.team].members)
    base_days = {"P0": 7, "P1": 14, "P2": 30, "P3": 90}
    items: list[tuple[str, str, str, str, date, str]] = []
    for i, title in enumerate(titles, 1):
        priority = rng.choices(("P0", "P1", "P2", "P3"), weights=(5, 30, 45, 20))[0]
        due = info.resolved.date() + timedelta(days=base_days[priority] + rng.randint(-2, 10))
        if due < LAST_DAY:
            item_status = rng.choices(
                ("done", "wont-do", "open", "in-progress"), weights=(80, 5, 8, 7)
            )[0]
        else:
            item_status = rng.choices(("open", "in-progress", "done"), weights=(50, 30, 20))[0]
        items.append((f"AI-{i}", title, rng.choice(owners), priority, due, item_status))

    fm = [
        "---",
        f"incident: {info.id}",
        f"status: {status}",
        f"authors: {flow(authors)}",
    ]
    if reviewers and rng.random() < 0.85:
        fm.append(f"reviewers: {flow(reviewers)}")
    fm.append("action_items:")
    for item_id, title, owner, priority, due, item_status in items:
        fm += [
            f"  - id: {item_id}",
            f"    title: {q(title)}",
            f"    owner: {owner}",
            f"    priority: {priority}",
            f"    due: {due.isoformat()}",
            f"    status: {item_status}",
        ]
    fm.append("---")

    duration = duration_words(info.resolved - info.started)
    impact_lines = [
        f"{info.impact}. Impact started at {info.started:%H:%M} UTC on "
        f"{info.started:%Y-%m-%d} and was mitigated after "
        f"{duration_words(info.mitigated - info.started)}; the incident was resolved after "
        f"{duration}.",
    ]
    if info.users:
        impact_lines.append(f"About {info.users:,} users were affected.")
    impact_lines.append(
        "The impact was visible to customers."
        if info.customer_facing
        else "No customer-facing functionality was affected."
    )
    affected = ", ".join(f"`{s}`" for s in info.services)
    impact_lines.append(f"Services involved: {affected}.")

    body = [
        f"# Postmortem: {info.title}",
        "",
        "## Summary",
        "",
        f"{fmt(sc.summary, ctx)} The {info.severity} incident began on "
        f"{info.started:%Y-%m-%d} at {info.started:%H:%M} UTC and lasted {duration} from the "
        "start of impact to resolution.",
        "",
        "## Impact",
        "",
        " ".join(impact_lines),
        "",
        "## Timeline",
        "",
        "All times UTC.",
        "",
    ]
    same_day = info.started.date() == info.resolved.date()
    for at, kind, text in info.timeline:
        when = f"{at:%H:%M}" if same_day else f"{at:%Y-%m-%d %H:%M}"
        body.append(f"- **{when}** ({kind}) {text}")
    body += [
        "",
        "## Root Cause",
        "",
        fmt(sc.root_cause, ctx),
        "",
        "## Contributing Factors",
        "",
        *(f"- {fmt(f, ctx)}" for f in sc.factors),
        "",
        "## Detection",
        "",
        detection_text(info),
        "",
        "## Response",
        "",
        f"{info.commander} took the commander role at {info.acknowledged:%H:%M} UTC. "
        f"Key decision: {fmt(sc.decision, ctx)}. Mitigation was in place "
        f"{duration_words(info.mitigated - info.acknowledged)} after the page was acknowledged.",
        "",
        "## Lessons Learned",
        "",
        "### What went well",
        "",
        *(f"- {fmt(w, ctx)}" for w in sc.well),
        "",
        "### What went wrong",
        "",
        *(f"- {fmt(w, ctx)}" for w in sc.wrong),
        "",
        "### Where we got lucky",
        "",
        *(f"- {fmt(w, ctx)}" for w in sc.lucky),
        "",
        "## Action Items",
        "",
        "| ID | Title | Owner | Priority | Due | Status |",
        "|---|---|---|---|---|---|",
        *(f"| {i} | {t} | @{o} | {p} | {d.isoformat()} | {s} |" for i, t, o, p, d, s in items),
        "",
        "## Supporting Information",
        "",
        f"- Incident record: `incidents/{info.id[:4]}/{info.id}.yaml`",
        *(f"- [{title}]({url})" for title, url in info.links),
    ]
    write(out / "postmortems" / f"{info.id}.md", fm + body)


def detection_text(info: IncidentInfo) -> str:
    delay = duration_words(info.detected - info.started)
    if info.detection == "automated":
        return (
            f"Monitoring detected the problem {delay} after impact began, through the "
            f"{info.scenario.alert} alert of `{info.services[0]}`."
        )
    if info.detection == "customer":
        return (
            f"Customers reported the problem through support {delay} after impact began; "
            "monitoring had not alerted yet. Closing this gap is one of the action items."
        )
    return (
        f"A responder noticed unusual metrics on the dashboard {delay} after impact began. "
        "No alert covered this symptom at the time."
    )


# --------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------


def generate(out: Path, incidents: int, postmortems: int, years: int, seed: int) -> int:
    """Write the repository into ``out``; return the number of files written."""
    rng = random.Random(seed)
    people = make_people(rng)
    teams = make_teams(rng, people)
    services = make_services(rng)
    runbooks = make_runbooks(rng, services, teams)
    written = write_oncall(out, people, teams, services, runbooks, rng)

    starts = start_times(rng, incidents, years)
    n_open = round(incidents * OPEN_SHARE)
    recent = range(max(0, incidents - max(3 * n_open, n_open)), incidents)
    open_set = set(rng.sample(recent, n_open)) if n_open else set()
    writer = IncidentWriter(rng, people, teams, services)
    resolved: list[IncidentInfo] = []
    for index, started in enumerate(starts):
        info = writer.build(started, index in open_set, out)
        if info is not None:
            resolved.append(info)
    written += len(starts)

    # Postmortems: every SEV0 and SEV1 first (they are required), then others.
    postmortems = min(postmortems, len(resolved))
    required = [i for i in resolved if i.severity in ("SEV0", "SEV1")]
    optional = [i for i in resolved if i.severity not in ("SEV0", "SEV1")]
    rng.shuffle(required)
    rng.shuffle(optional)
    chosen = sorted((required + optional)[:postmortems], key=lambda i: i.id)
    if chosen:
        (out / "postmortems").mkdir(parents=True, exist_ok=True)
    for info in chosen:
        write_postmortem(rng, out, info, teams)
    return written + len(chosen)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "out_dir", type=Path, metavar="OUT_DIR", help="a new or empty directory to write into"
    )
    parser.add_argument("--incidents", type=int, default=10_000, help="default: %(default)s")
    parser.add_argument(
        "--postmortems",
        type=int,
        default=2_000,
        help="for resolved incidents, SEV0/SEV1 first (default: %(default)s)",
    )
    parser.add_argument(
        "--years", type=int, default=10, help="span ending 2026-10-31 (default: %(default)s)"
    )
    parser.add_argument("--seed", type=int, default=42, help="default: %(default)s")
    args = parser.parse_args(argv)
    if args.incidents < 0 or args.postmortems < 0 or args.years < 1:
        parser.error("--incidents and --postmortems must be >= 0 and --years >= 1")
    if args.out_dir.exists() and (not args.out_dir.is_dir() or any(args.out_dir.iterdir())):
        # Files of an earlier run would mix with this one and break its references.
        parser.error(f"{args.out_dir} exists and is not an empty directory")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    begin = time.perf_counter()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    count = generate(args.out_dir, args.incidents, args.postmortems, args.years, args.seed)
    elapsed = time.perf_counter() - begin
    print(f"wrote {count} files to {args.out_dir} in {elapsed:.2f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

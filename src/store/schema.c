/* schema.c: the store's schema as an ordered list of migrations.
 *
 * Migration i brings the schema from version i to i+1; user_version holds
 * the current version. Migrations are append-only: never edit one that has
 * shipped, add the next instead. */
#include <stddef.h>
#include "store/schema.h"

static const char *const migrations[] = {
    /* 0 -> 1: the foundation schema. */
    "CREATE TABLE sources("
    "  id INTEGER PRIMARY KEY,"
    "  path TEXT NOT NULL,"            /* as given on the command line */
    "  sha256 TEXT NOT NULL UNIQUE,"   /* of the decompressed content */
    "  format TEXT NOT NULL,"
    "  size INTEGER,"                  /* bytes on disk, NULL for stdin */
    "  mtime INTEGER,"
    "  account TEXT,"                  /* --account given at ingest */
    "  ingested_at INTEGER NOT NULL,"
    "  rows INTEGER NOT NULL,"         /* data rows read */
    "  accepted INTEGER NOT NULL,"
    "  rejected INTEGER NOT NULL,"
    "  charges INTEGER NOT NULL,"      /* charge records stored */
    "  usage_records INTEGER NOT NULL,"
    "  balances INTEGER NOT NULL,"
    "  points INTEGER NOT NULL);"
    "CREATE INDEX sources_path ON sources(path, size, mtime);"
    /* Distinct dimension combinations of charges (dictionary encoding). */
    "CREATE TABLE dims("
    "  id INTEGER PRIMARY KEY,"
    "  provider TEXT NOT NULL, billing_account TEXT NOT NULL, sub_account TEXT NOT NULL,"
    "  service TEXT NOT NULL, service_category TEXT NOT NULL, region TEXT NOT NULL,"
    "  resource TEXT NOT NULL, charge_category TEXT NOT NULL, charge_frequency TEXT NOT NULL,"
    "  currency TEXT NOT NULL, unit TEXT NOT NULL, tags TEXT NOT NULL,"
    "  UNIQUE(provider, billing_account, sub_account, service, service_category, region,"
    "         resource, charge_category, charge_frequency, currency, unit, tags));"
    "CREATE TABLE charges("
    "  id INTEGER PRIMARY KEY,"
    "  source_id INTEGER NOT NULL REFERENCES sources(id),"
    "  line INTEGER NOT NULL,"
    "  dim_id INTEGER NOT NULL REFERENCES dims(id),"
    "  period_start INTEGER NOT NULL,"  /* epoch seconds, inclusive */
    "  period_end INTEGER NOT NULL,"    /* epoch seconds, exclusive */
    "  billed REAL NOT NULL,"
    "  effective REAL, list REAL, quantity REAL);"
    /* Access-log requests summed per hour and bucket, per source file. */
    "CREATE TABLE usage_hourly("
    "  source_id INTEGER NOT NULL REFERENCES sources(id),"
    "  hour INTEGER NOT NULL, bucket TEXT NOT NULL, region TEXT NOT NULL,"
    "  requests INTEGER NOT NULL, egress_user INTEGER NOT NULL, egress_cdn INTEGER NOT NULL,"
    "  ingress INTEGER NOT NULL, storage_delta INTEGER NOT NULL,"
    "  PRIMARY KEY(source_id, hour, bucket, region)) WITHOUT ROWID;"
    /* Points of plain series files. value NULL is an explicit gap. */
    "CREATE TABLE points("
    "  source_id INTEGER NOT NULL REFERENCES sources(id),"
    "  series TEXT NOT NULL, t INTEGER NOT NULL, value REAL);"
    "CREATE INDEX points_series ON points(series, t);"
    "CREATE TABLE rejects("
    "  id INTEGER PRIMARY KEY,"
    "  source_id INTEGER NOT NULL REFERENCES sources(id),"
    "  line INTEGER NOT NULL, reason TEXT NOT NULL, raw TEXT NOT NULL);"
    "CREATE INDEX rejects_source ON rejects(source_id);"
    "CREATE TABLE balances("
    "  id INTEGER PRIMARY KEY,"
    "  account TEXT NOT NULL, at INTEGER NOT NULL, amount REAL NOT NULL,"
    "  currency TEXT NOT NULL,"
    "  origin TEXT NOT NULL,"           /* manual | file | api */
    "  source_id INTEGER REFERENCES sources(id));"
    "CREATE INDEX balances_account ON balances(account, at);"
    "CREATE TABLE topups("
    "  id INTEGER PRIMARY KEY,"
    "  account TEXT NOT NULL, at INTEGER NOT NULL, amount REAL NOT NULL,"
    "  currency TEXT NOT NULL,"
    "  every TEXT,"                     /* NULL (once), 'week' or 'month' */
    "  until INTEGER,"                  /* last possible occurrence, NULL: open */
    "  note TEXT NOT NULL DEFAULT '');",
    /* 1 -> 2: forecasts made from the store, kept to compare with actuals. */
    "CREATE TABLE forecasts("
    "  id INTEGER PRIMARY KEY,"
    "  created_at INTEGER NOT NULL,"
    "  series TEXT NOT NULL,"
    "  selection TEXT NOT NULL,"        /* JSON: metric, by, granularity, filters */
    "  granularity TEXT NOT NULL,"
    "  model TEXT NOT NULL,"
    "  horizon INTEGER NOT NULL,"
    "  explanation TEXT NOT NULL);"     /* JSON: how the forecast was made */
    "CREATE INDEX forecasts_series ON forecasts(series, created_at);"
    "CREATE TABLE forecast_points("
    "  forecast_id INTEGER NOT NULL REFERENCES forecasts(id),"
    "  t INTEGER NOT NULL, mean REAL NOT NULL,"
    "  intervals TEXT NOT NULL,"        /* JSON: {"80": [lo, hi], ...} */
    "  PRIMARY KEY(forecast_id, t)) WITHOUT ROWID;",
    /* 2 -> 3: bills fetched from an API by period (a new fetch of a period
     * supersedes the last), and the state of alert rules (notify). */
    "ALTER TABLE sources ADD COLUMN fetch_key TEXT;"  /* e.g. tencent:ACCOUNT:2024-09 */
    "CREATE INDEX sources_fetch ON sources(fetch_key);"
    "CREATE TABLE alert_state("
    "  rule TEXT PRIMARY KEY,"          /* e.g. threshold:ACCOUNT, runout:ACCOUNT */
    "  state TEXT NOT NULL,"            /* ok | blue | yellow | red | over ... */
    "  since INTEGER NOT NULL,"         /* when this state began */
    "  detail TEXT NOT NULL DEFAULT '',"/* JSON of the last evaluation */
    "  last_sent INTEGER,"              /* last message about this rule */
    "  sent_day INTEGER,"               /* the UTC day (epoch days) sent_count counts */
    "  sent_count INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE alert_log("
    "  id INTEGER PRIMARY KEY,"
    "  at INTEGER NOT NULL, rule TEXT NOT NULL, state TEXT NOT NULL,"
    "  target TEXT NOT NULL,"           /* webhook kind and host, never its secret path */
    "  status TEXT NOT NULL,"           /* sent | failed | dry-run */
    "  message TEXT NOT NULL);",
    /* 3 -> 4: how each charge was paid (Tencent Cloud bills): cash, gift
     * (incentive), voucher and transfer, NULL when the bill does not say.
     * What draws the balance is cash + incentive + transfer. */
    "ALTER TABLE charges ADD COLUMN cash REAL;"
    "ALTER TABLE charges ADD COLUMN incentive REAL;"
    "ALTER TABLE charges ADD COLUMN voucher REAL;"
    "ALTER TABLE charges ADD COLUMN transfer REAL;",
    /* 4 -> 5: the account ledger (Tencent Cloud DescribeBillList, 收支明细):
     * every transaction once per account and id, whichever source brought
     * it last; amounts in currency units, signed as they move the balance. */
    "CREATE TABLE ledger("
    "  id INTEGER PRIMARY KEY,"
    "  account TEXT NOT NULL,"
    "  tx_id TEXT NOT NULL,"             /* BillId (or the content, see formats.md) */
    "  at INTEGER NOT NULL,"             /* epoch seconds (UTC) */
    "  kind TEXT NOT NULL,"              /* recharge|deduct|freeze|unfreeze|refund|transfer|other */
    "  action TEXT NOT NULL,"            /* the provider's type (ActionType) */
    "  amount REAL NOT NULL,"            /* + into the balance, - out of it */
    "  balance REAL NOT NULL,"           /* available balance after it */
    "  cash REAL, incentive REAL, freezing REAL," /* after it, NULL when not given */
    "  currency TEXT NOT NULL,"
    "  info TEXT NOT NULL DEFAULT '',"   /* OperationInfo */
    "  source_id INTEGER NOT NULL REFERENCES sources(id),"
    "  line INTEGER NOT NULL,"
    "  UNIQUE(account, tx_id));"
    "CREATE INDEX ledger_time ON ledger(account, at);"
    "ALTER TABLE sources ADD COLUMN ledger INTEGER NOT NULL DEFAULT 0;",
    /* 5 -> 6: real exports. A source is identified by its parsed content
     * (re-saves with a BOM, CRLF or other quoting are the same bill); rows
     * kept with bad metadata dropped are warnings beside the rejects; each
     * charge carries its billing period, and what each source holds per
     * provider, billing account and period is summarised so that a newer
     * export of a period supersedes an older one (store/supersede.h). */
    "ALTER TABLE sources ADD COLUMN content TEXT;"   /* rw_content_id of the records */
    "CREATE INDEX sources_content ON sources(content);"
    "ALTER TABLE sources ADD COLUMN warnings INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE rejects ADD COLUMN kind TEXT NOT NULL DEFAULT 'reject';" /* reject|warning */
    "ALTER TABLE charges ADD COLUMN period INTEGER;" /* billing period start, NULL: none */
    "CREATE TABLE source_periods("
    "  source_id INTEGER NOT NULL REFERENCES sources(id),"
    "  provider TEXT NOT NULL, billing_account TEXT NOT NULL,"
    "  period INTEGER NOT NULL,"        /* billing period start, UTC epoch seconds */
    "  first INTEGER NOT NULL,"         /* earliest charge start in it */
    "  last INTEGER NOT NULL,"          /* latest charge start in it */
    "  charges INTEGER NOT NULL,"       /* charges the source brought for it */
    "  min_id INTEGER NOT NULL, max_id INTEGER NOT NULL," /* the source's charges.id range */
    "  superseded_by INTEGER,"          /* the source that replaced them; NULL: live */
    "  PRIMARY KEY(source_id, provider, billing_account, period)) WITHOUT ROWID;"
    "CREATE INDEX source_periods_key ON source_periods(provider, billing_account, period);",
    /* 6 -> 7: accounts as first-class data: the registry of accounts with
     * their owner, payer, arrears policy and alert routes. Accounts seen in
     * balances, the ledger and bills are listed beside it without a row. */
    "CREATE TABLE accounts("
    "  id TEXT PRIMARY KEY,"              /* at most RW_ACCOUNT_MAX bytes */
    "  name TEXT NOT NULL DEFAULT '',"
    "  labels TEXT NOT NULL DEFAULT '{}',"/* JSON object of free key=value labels */
    "  owner TEXT NOT NULL DEFAULT '',"   /* owner contact */
    "  payer TEXT,"                       /* NULL: pays for itself; else the payer's id */
    "  policy TEXT,"                      /* arrears policy name; NULL: the default */
    "  routes TEXT NOT NULL DEFAULT '[]',"/* JSON [{kind, url_ref}], never a URL */
    "  budget REAL,"                      /* NULL: none */
    "  thresholds TEXT,"                  /* JSON override; NULL: none */
    "  created INTEGER NOT NULL,"         /* epoch seconds */
    "  updated INTEGER NOT NULL) WITHOUT ROWID;",
    /* 7 -> 8: one account's charges found through their dimensions, not by
     * reading every account's (an organisation's store holds thousands). */
    "CREATE INDEX charges_dim ON charges(dim_id);",
};

size_t rw_schema_count(void)
{
    return sizeof migrations / sizeof migrations[0];
}

const char *rw_schema_migration(size_t i)
{
    return i < rw_schema_count() ? migrations[i] : NULL;
}

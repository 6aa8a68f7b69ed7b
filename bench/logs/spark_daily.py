"""The logs benchmark's Spark side: the daily aggregation (counts by type x gender x age band x region) of a
day's event CSV as a Spark local[2] job, timed twice in one session (cold, then warm JIT).

    python spark_daily.py <events.csv>

Prints one JSON line: version, session_s, job_s [first, second], counts [[type, gender, age_band, region, n]].
"""
import json
import sys
import time

t0 = time.time()
import pyspark  # noqa: E402
from pyspark.sql import SparkSession  # noqa: E402

spark = (
    SparkSession.builder.master("local[2]")
    .appName("ciao-logs-daily-bench")
    .config("spark.ui.enabled", "false")
    .config("spark.sql.shuffle.partitions", "4")
    .getOrCreate()
)
spark.sparkContext.setLogLevel("ERROR")
session_s = time.time() - t0


def aggregate():
    # No schema inference: every column is a string, as the Node side reads them; empty fields become null.
    df = spark.read.option("header", True).csv(sys.argv[1])
    return df.groupBy("type", "gender", "age_band", "region").count().collect()


job_s = []
rows = None
for _ in range(2):
    start = time.time()
    rows = aggregate()
    job_s.append(time.time() - start)

counts = [[r["type"], r["gender"] or "", r["age_band"] or "", r["region"] or "", r["count"]] for r in rows]
spark.stop()
print(json.dumps({"version": pyspark.__version__, "session_s": session_s, "job_s": job_s, "counts": counts}))

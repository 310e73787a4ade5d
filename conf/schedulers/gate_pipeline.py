"""The training pipeline's own steps around trainaudit's pre-training gate (docs/gate.md).

    spark-submit gate_pipeline.py clean --training T --exclusions E --gate-runs G --snapshot S
        Deletes from the candidate snapshot S of the training table T every row that the latest gate
        run of S excluded (output.exclusions E, output.gate_runs G): an anti-join on snapshot_id and
        record_id, null-safe, written back as the same snapshot in one Delta commit. Refuses unless
        that gate run ended with exclusions_needed.

    spark-submit gate_pipeline.py clearance --gate-runs G --snapshot S
        Prints the clearance file of the latest gate run of S, refusing unless that run cleared S. On
        Databricks it also sets the task value clearance_file, for the verify task that follows.

Each location is a Delta path, or catalog:NAME for a metastore table, as in the auditor's
configuration. A refusal exits 1 with the reason; the next step must not run.
"""
import argparse
import sys

CATALOG = "catalog:"


def parser():
    """The command line; it parses without Spark, so that the scheduler templates can be checked."""
    top = argparse.ArgumentParser(prog="gate_pipeline.py")
    steps = top.add_subparsers(dest="step", required=True)
    clean = steps.add_parser("clean", help="delete the rows the latest gate run excluded")
    clean.add_argument("--training", required=True)
    clean.add_argument("--exclusions", required=True)
    clean.add_argument("--gate-runs", required=True)
    clean.add_argument("--snapshot", required=True)
    clearance = steps.add_parser("clearance", help="print the clearance of the latest gate run")
    clearance.add_argument("--gate-runs", required=True)
    clearance.add_argument("--snapshot", required=True)
    return top


def read(spark, location):
    if location.startswith(CATALOG):
        return spark.read.table(location[len(CATALOG):])
    return spark.read.format("delta").load(location)


def latest_gate_run(spark, gate_runs, snapshot):
    from pyspark.sql import functions as F
    run = (read(spark, gate_runs).where(F.col("snapshot_id") == snapshot)
           .orderBy(F.col("ended_at").desc()).first())
    if run is None:
        sys.exit(f"no gate run of snapshot {snapshot} in {gate_runs}")
    return run


def clean(spark, args):
    from delta.tables import DeltaTable
    from pyspark.sql import functions as F
    run = latest_gate_run(spark, args.gate_runs, args.snapshot)
    if run["status"] != "exclusions_needed":
        sys.exit(f"the latest gate run of {args.snapshot}, {run['gate_run_id']}, ended {run['status']}:"
                 " there is nothing to clean")
    excluded = (read(spark, args.exclusions).where(F.col("gate_run_id") == run["gate_run_id"])
                .select("snapshot_id", "record_id"))
    training = (DeltaTable.forName(spark, args.training[len(CATALOG):]) if args.training.startswith(CATALOG)
                else DeltaTable.forPath(spark, args.training))
    (training.alias("t")
     .merge(excluded.alias("e"), (F.col("t.snapshot_id") == F.col("e.snapshot_id"))
            & F.col("t.record_id").eqNullSafe(F.col("e.record_id")))
     .whenMatchedDelete()
     .execute())
    print(f"snapshot {args.snapshot}: the rows excluded by {run['gate_run_id']} deleted, gate it again")


def clearance(spark, args):
    run = latest_gate_run(spark, args.gate_runs, args.snapshot)
    if run["status"] != "cleared":
        sys.exit(f"the latest gate run of {args.snapshot}, {run['gate_run_id']}, ended {run['status']}: no clearance")
    print(run["clearance_file"])
    try:
        from pyspark.dbutils import DBUtils
        DBUtils(spark).jobs.taskValues.set(key="clearance_file", value=run["clearance_file"])
    except ImportError:
        pass


def main(argv):
    args = parser().parse_args(argv)
    from pyspark.sql import SparkSession
    spark = SparkSession.builder.appName(f"trainaudit gate pipeline: {args.step}").getOrCreate()
    {"clean": clean, "clearance": clearance}[args.step](spark, args)


if __name__ == "__main__":
    main(sys.argv[1:])

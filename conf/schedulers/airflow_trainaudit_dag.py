"""trainaudit: the nightly audit from Apache Airflow, with SparkSubmitOperator.

Needs apache-airflow-providers-apache-spark and spark-submit (Spark 3.5, Scala 2.12, Java 17) on the
worker. The connection spark_default names the cluster: its host is the master (yarn, k8s://https://...,
spark://...). The configuration travels with --files and is read from the driver's working directory
(cluster deploy mode), so its table and output locations must be absolute URIs.

The auditor's exit code is the task's outcome: 1 (violations found) fails the task like 2 and above (the run
failed) do, so that either alerts; the run's own verdict is in audit_runs and summary.json
(docs/operations.md). No retries: a failed run is rolled back, and the next night's run redoes it.
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

# The module openings Spark 3.5 needs on Java 17, UTC and a neutral locale: conf/jvm.options.
JAVA_17_OPTIONS = " ".join([
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/java.net=ALL-UNNAMED",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.util=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
    "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
    "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
    "-Djdk.reflect.useDirectMethodHandle=false",
    "-Duser.timezone=UTC",
    "-Duser.language=en",
    "-Duser.country=US",
])

with DAG(
    dag_id="trainaudit_nightly",
    schedule="30 2 * * *",
    start_date=datetime(2025, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 0},
    tags=["compliance", "trainaudit"],
) as dag:
    audit = SparkSubmitOperator(
        task_id="audit",
        conn_id="spark_default",
        deploy_mode="cluster",
        name="trainaudit-nightly",
        application="/opt/trainaudit/trainaudit-jobs-0.1.0-SNAPSHOT-spark.jar",
        java_class="io.trainaudit.cli.AuditCli",
        application_args=["run", "--config", "audit.yaml"],
        files="/opt/trainaudit/conf/audit.yaml",
        packages="io.delta:delta-spark_2.12:3.3.3",
        conf={
            "spark.sql.extensions": "io.delta.sql.DeltaSparkSessionExtension",
            "spark.sql.catalog.spark_catalog": "org.apache.spark.sql.delta.catalog.DeltaCatalog",
            "spark.driver.extraJavaOptions": JAVA_17_OPTIONS,
            "spark.executor.extraJavaOptions": JAVA_17_OPTIONS,
            "spark.sql.shuffle.partitions": "512",
            "spark.task.maxFailures": "4",
        },
        driver_memory="8g",
        executor_memory="16g",
        executor_cores=4,
        num_executors=16,
        execution_timeout=timedelta(hours=6),
    )

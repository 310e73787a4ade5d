"""trainaudit: the pre-training gate in front of a training run, from Apache Airflow.

The sequence of docs/gate.md, triggered once per candidate snapshot (parameter snapshot_id), after
the training pipeline wrote the candidate's rows to training_snapshots:

    gate --(exit 1)--> clean_candidate --> regate
      |                                      |
      +--(exit 0)--> verify_clearance <------+--(exit 0)
                           |
                         train --> audit

- gate: exit 0 (cleared) succeeds and pushes the clearance's path, the last line it prints, to
  XCom; exit 1 (rows to exclude) skips the task (skip_on_exit_code), which runs clean_candidate;
  2 and above fail it, and nothing after it runs.
- clean_candidate: gate_pipeline.py deletes from the candidate the rows the gate excluded, in one
  Delta commit; regate gates it again, and anything but exit 0 fails there: no second cleaning.
- verify_clearance checks the clearance's signature with the controller's public key and that the
  table still holds exactly the rows cleared; train runs only after it.
- audit: the nightly audit (incremental), which reports the snapshot cleared or changed after
  clearance.

Needs Airflow 2.6 or later (BashOperator's skip_on_exit_code), apache-airflow-providers-apache-spark
and spark-submit (Spark 3.5, Scala 2.12, Java 17) on the worker. The gates and the verification run
in client deploy mode, so that the task gets the auditor's exit code and its last line, and read the
configuration and the public key from the worker; its table and output locations must be absolute
URIs, output.clearances a folder the worker and the training job share. The audit runs in cluster
mode, its configuration shipped with --files, like airflow_trainaudit_dag.py.
"""
import shlex
from datetime import datetime, timedelta

from airflow import DAG
from airflow.models.param import Param
from airflow.operators.bash import BashOperator
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator
from airflow.utils.trigger_rule import TriggerRule

CONFIG = "/opt/trainaudit/conf/audit.yaml"
JAR = "/opt/trainaudit/trainaudit-jobs-0.1.0-SNAPSHOT-spark.jar"
PUBLIC_KEY = "/opt/trainaudit/keys/evidence-signing-key.pub.pem"
SNAPSHOT = "{{ params.snapshot_id }}"
# The clearance the last successful gate printed: the regate's when it ran, else the first gate's. (Double
# quotes inside: the command lines are quoted for bash with single quotes before Jinja renders them.)
CLEARANCE = '{{ ti.xcom_pull(task_ids="regate") or ti.xcom_pull(task_ids="gate") }}'

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

CONF = {
    "spark.sql.extensions": "io.delta.sql.DeltaSparkSessionExtension",
    "spark.sql.catalog.spark_catalog": "org.apache.spark.sql.delta.catalog.DeltaCatalog",
    "spark.driver.extraJavaOptions": JAVA_17_OPTIONS,
    "spark.executor.extraJavaOptions": JAVA_17_OPTIONS,
    "spark.sql.shuffle.partitions": "512",
    "spark.task.maxFailures": "4",
}

# The locations of the configuration's tables and outputs, for the training pipeline's own step.
TRAINING = "s3a://example-ml/delta/training_snapshots"
EXCLUSIONS = "s3a://example-ml/trainaudit/exclusions"
GATE_RUNS = "s3a://example-ml/trainaudit/gate_runs"


def submit(*args):
    """A spark-submit command line in client deploy mode, running the auditor with these arguments."""
    command = ["spark-submit", "--master", "yarn", "--deploy-mode", "client", "--class", "io.trainaudit.cli.AuditCli",
               "--packages", "io.delta:delta-spark_2.12:3.3.3", "--driver-memory", "8g"]
    for key, value in CONF.items():
        command += ["--conf", f"{key}={value}"]
    return shlex.join(command + [JAR, *args])


with DAG(
    dag_id="trainaudit_gate_then_train",
    schedule=None,
    start_date=datetime(2025, 1, 1),
    catchup=False,
    max_active_runs=1,
    params={"snapshot_id": Param(type="string", description="the candidate's snapshot_id")},
    default_args={"retries": 0},
    tags=["compliance", "trainaudit", "training"],
) as dag:
    gate = BashOperator(
        task_id="gate",
        bash_command=submit("gate", "--config", CONFIG, "--snapshot", SNAPSHOT),
        skip_on_exit_code=1,
        execution_timeout=timedelta(hours=2),
    )
    clean_candidate = SparkSubmitOperator(
        task_id="clean_candidate",
        conn_id="spark_default",
        deploy_mode="cluster",
        name="trainaudit-clean-candidate",
        application="/opt/trainaudit/conf/schedulers/gate_pipeline.py",
        application_args=["clean", "--training", TRAINING, "--exclusions", EXCLUSIONS, "--gate-runs", GATE_RUNS,
                          "--snapshot", SNAPSHOT],
        packages="io.delta:delta-spark_2.12:3.3.3",
        conf=CONF,
        trigger_rule=TriggerRule.ALL_SKIPPED,
    )
    regate = BashOperator(
        task_id="regate",
        bash_command=submit("gate", "--config", CONFIG, "--snapshot", SNAPSHOT),
        execution_timeout=timedelta(hours=2),
    )
    verify_clearance = BashOperator(
        task_id="verify_clearance",
        bash_command=submit("verify", CLEARANCE, "--public-key", PUBLIC_KEY, "--snapshot-of", CONFIG),
        trigger_rule=TriggerRule.ONE_SUCCESS,
    )
    train = BashOperator(
        task_id="train",
        # The training job: it reads the candidate exactly as verified, and keeps the clearance with the model.
        bash_command=shlex.join(["/opt/training/bin/train", "--snapshot", SNAPSHOT, "--clearance", CLEARANCE]),
    )
    audit = SparkSubmitOperator(
        task_id="audit",
        conn_id="spark_default",
        deploy_mode="cluster",
        name="trainaudit-nightly",
        application=JAR,
        java_class="io.trainaudit.cli.AuditCli",
        application_args=["run", "--config", "audit.yaml"],
        files=CONFIG,
        packages="io.delta:delta-spark_2.12:3.3.3",
        conf=CONF,
        execution_timeout=timedelta(hours=6),
    )

    gate >> clean_candidate >> regate
    [gate, regate] >> verify_clearance >> train >> audit

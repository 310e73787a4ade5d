"""Imports an Airflow DAG file the way Airflow's DagBag does (by running it), against stand-ins of
the few Airflow classes it uses, and prints what it built as JSON: the DAG's arguments, and each
task's operator, arguments, upstream tasks and, for a bash command, its argv as bash splits it,
before and (with Jinja2, which Airflow renders templates with) after rendering its templates for a
run whose gate task pushed XCOM_GATE.

    python3 airflow_stub.py DAG_FILE SNAPSHOT_ID XCOM_GATE
"""
import json
import runpy
import shlex
import sys
import types

dags = []
tasks = {}


class BaseOperator:
    def __init__(self, **kwargs):
        self.kwargs = kwargs
        self.task_id = kwargs["task_id"]
        self.upstream = []
        if self.task_id in tasks:
            raise ValueError("task_id " + self.task_id + " used twice")
        tasks[self.task_id] = self

    def __rshift__(self, other):
        for task in other if isinstance(other, list) else [other]:
            task.upstream.append(self.task_id)
        return other

    def __rrshift__(self, other):
        for task in other if isinstance(other, list) else [other]:
            self.upstream.append(task.task_id)
        return self


class BashOperator(BaseOperator):
    pass


class SparkSubmitOperator(BaseOperator):
    pass


class DAG:
    def __init__(self, **kwargs):
        self.kwargs = kwargs
        dags.append(self)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class Param:
    def __init__(self, default=None, **kwargs):
        self.json = dict(kwargs, default=default)


class TriggerRule:
    ALL_SUCCESS = "all_success"
    ALL_FAILED = "all_failed"
    ALL_DONE = "all_done"
    ALL_SKIPPED = "all_skipped"
    ONE_SUCCESS = "one_success"
    ONE_FAILED = "one_failed"
    NONE_FAILED = "none_failed"
    NONE_FAILED_MIN_ONE_SUCCESS = "none_failed_min_one_success"
    NONE_SKIPPED = "none_skipped"


def module(name, **attributes):
    created = types.ModuleType(name)
    created.__dict__.update(attributes)
    sys.modules[name] = created


for package in ["airflow.models", "airflow.operators", "airflow.providers", "airflow.providers.apache",
                "airflow.providers.apache.spark", "airflow.providers.apache.spark.operators", "airflow.utils"]:
    module(package)
module("airflow", DAG=DAG)
module("airflow.models.param", Param=Param)
module("airflow.operators.bash", BashOperator=BashOperator)
module("airflow.providers.apache.spark.operators.spark_submit", SparkSubmitOperator=SparkSubmitOperator)
module("airflow.utils.trigger_rule", TriggerRule=TriggerRule)

runpy.run_path(sys.argv[1], run_name="dag")


def rendered(command):
    try:
        import jinja2
    except ImportError:
        return None

    class TaskInstance:
        def xcom_pull(self, task_ids):
            return {"gate": sys.argv[3]}.get(task_ids)

    template = jinja2.Environment(undefined=jinja2.StrictUndefined).from_string(command)
    return shlex.split(template.render(params={"snapshot_id": sys.argv[2]}, ti=TaskInstance()))


def plain(value):
    if isinstance(value, Param):
        return value.json
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value if isinstance(value, (str, int, float, bool, type(None))) else str(value)


print(json.dumps({
    "dags": [plain(dag.kwargs) for dag in dags],
    "tasks": {task_id: {
        "operator": type(task).__name__,
        "kwargs": plain(task.kwargs),
        "upstream": sorted(task.upstream),
        "argv": shlex.split(task.kwargs["bash_command"]) if "bash_command" in task.kwargs else None,
        "rendered_argv": rendered(task.kwargs["bash_command"]) if "bash_command" in task.kwargs else None,
    } for task_id, task in tasks.items()},
}))

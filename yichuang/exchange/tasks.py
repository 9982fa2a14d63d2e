from huey.contrib.djhuey import db_task

from . import services


@db_task(name="exchange.import")
def import_job(job_id: int) -> None:
    # Returns nothing: huey keeps a non-None result in its store until someone reads it.
    services.run(job_id)

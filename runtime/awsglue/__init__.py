"""A local stand-in for the subset of AWS Glue's ``awsglue`` library that ddb-migrate jobs use.

It lets a generated job script run unchanged on local PySpark: ``utils.getResolvedOptions``,
``context.GlueContext`` (JDBC reads through a locally resolved "Glue connection",
``extract_jdbc_conf``), ``dynamicframe.DynamicFrame`` and ``job.Job`` with job bookmarks kept in a
local JSON file. It is not a Glue emulator: anything a job does not use is absent on purpose.
"""

"""``DynamicFrame``: here a thin wrapper over a Spark DataFrame (all a ddb-migrate job needs)."""


class DynamicFrame:
    def __init__(self, df, glue_ctx, name: str = ""):
        self._df = df
        self.glue_ctx = glue_ctx
        self.name = name

    def toDF(self):  # noqa: N802 (Glue's name)
        return self._df

    def count(self) -> int:
        return self._df.count()

    @classmethod
    def fromDF(cls, dataframe, glue_ctx, name):  # noqa: N802,N803 (Glue's names)
        return cls(dataframe, glue_ctx, name)

// Replaced by the AWS layer's tests when they land.

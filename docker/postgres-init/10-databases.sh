#!/bin/sh
# Creates one database per service (POSTGRES_MULTIPLE_DATABASES), owned by POSTGRES_USER.
set -eu
for database in $(echo "$POSTGRES_MULTIPLE_DATABASES" | tr ',' ' '); do
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -c "CREATE DATABASE \"$database\" OWNER \"$POSTGRES_USER\""
done

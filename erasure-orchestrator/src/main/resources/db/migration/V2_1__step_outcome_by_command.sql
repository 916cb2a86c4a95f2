-- Every outcome the orchestrator receives reads the step's outcomes by command id: without this index that read
-- scans the whole table, and gets slower with every saga ever run.
create index step_outcome_command_idx on step_outcome (command_id, received_at);

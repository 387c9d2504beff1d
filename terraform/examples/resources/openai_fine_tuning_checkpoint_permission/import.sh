# By the checkpoint and the permission's ID, joined by "/".
tofu import openai_fine_tuning_checkpoint_permission.partner 'ft:gpt-4o-mini-2024-07-18:org::abc123/cp_zc4Q7MP6XxulcVzj4MZdwsAB'

# Several projects' permissions (the resource's id): their IDs joined by ",".
tofu import openai_fine_tuning_checkpoint_permission.partners 'ft:gpt-4o-mini-2024-07-18:org::abc123/cp_zc4Q7MP6XxulcVzj4MZdwsAB,cp_abGMw1llN8IrBb6SvvY5A1iH'

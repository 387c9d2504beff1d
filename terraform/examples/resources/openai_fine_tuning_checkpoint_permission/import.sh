# By the checkpoint and the permission's ID, joined by "/".
tofu import openai_fine_tuning_checkpoint_permission.partner 'ft:gpt-4o-mini-2024-07-18:org::abc123/cp_zc4Q7MP6XxulcVzj4MZdwsAB'

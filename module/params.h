/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HIGHPT_PARAMS_H
#define _HIGHPT_PARAMS_H

struct highpt_pool_config;

void highpt_params_pool_config(struct highpt_pool_config *cfg);

#endif /* _HIGHPT_PARAMS_H */

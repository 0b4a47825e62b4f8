/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _HIGHPT_PARAMS_H
#define _HIGHPT_PARAMS_H

#include <highpt.h>

void highpt_params_pool_config(struct highpt_pool_config *cfg);
void highpt_params_space_config(struct highpt_space_config *cfg,
				enum highpt_pt_format format);

#endif /* _HIGHPT_PARAMS_H */

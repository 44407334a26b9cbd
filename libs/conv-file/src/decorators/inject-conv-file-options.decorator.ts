import { Inject } from '@nestjs/common';
import { CONV_FILE_OPTIONS } from '../conv-file.module-definition';

/** Injects the module's checked options ({@link ResolvedConvFileOptions}). */
export const InjectConvFileOptions = (): ParameterDecorator => Inject(CONV_FILE_OPTIONS);

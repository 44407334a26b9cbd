import { Inject } from '@nestjs/common';

/** Token of the module's checked options ({@link ResolvedConvFileOptions}). */
export const CONV_FILE_OPTIONS = Symbol('CONV_FILE_OPTIONS');

/** Injects the module's checked options, defaults applied ({@link ResolvedConvFileOptions}). */
export const InjectConvFileOptions = (): ParameterDecorator => Inject(CONV_FILE_OPTIONS);

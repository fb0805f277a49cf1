import { Module } from '@nestjs/common';
import { ScreensController } from './screens.controller';
import { screensDirectory } from './screens.files';
import { SCREENS_DIRECTORY } from './screens.tokens';

/** Serves the built display, kiosk, ticket status, clerk workstation and compliance reports screens under /screens/. */
@Module({
  controllers: [ScreensController],
  providers: [{ provide: SCREENS_DIRECTORY, useFactory: () => screensDirectory() }],
})
export class ScreensModule {}

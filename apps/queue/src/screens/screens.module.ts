import { Module } from '@nestjs/common';
import { ScreensController } from './screens.controller';
import { screensDirectory } from './screens.files';
import { SCREENS_DIRECTORY } from './screens.tokens';

/** Serves the built display, kiosk and ticket status screens under /screens/. */
@Module({
  controllers: [ScreensController],
  providers: [{ provide: SCREENS_DIRECTORY, useFactory: () => screensDirectory() }],
})
export class ScreensModule {}

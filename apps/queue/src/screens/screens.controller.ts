import { Controller, Get, Header, Inject, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '@madoguchi/platform';
import { SCREENS_DIRECTORY } from './screens.tokens';

/** File names Vite writes into assets/: nothing else (no path, no dot-dot) is ever served. */
const ASSET = /^[\w-]+\.(js|css|svg|png|woff2?)$/;

/**
 * The public screens: each URL gives its page, which reads the office (and ticket) from its own address
 * and calls the API itself, with its own credentials where the API asks for them.
 */
@ApiExcludeController()
@Controller('screens')
@Public()
export class ScreensController {
  constructor(@Inject(SCREENS_DIRECTORY) private readonly directory: string) {}

  @Get('display/:officeId')
  @Header('Cache-Control', 'no-cache')
  display(@Res() response: Response): void {
    this.page('display.html', response);
  }

  @Get('kiosk/:officeId')
  @Header('Cache-Control', 'no-cache')
  kiosk(@Res() response: Response): void {
    this.page('kiosk.html', response);
  }

  @Get('ticket/:officeId/:date/:ticketNumber')
  @Header('Cache-Control', 'no-cache')
  ticket(@Res() response: Response): void {
    this.page('ticket.html', response);
  }

  /** The clerk workstation: the page is public, every API call it makes needs the clerk's own sign-in. */
  @Get('clerk/:officeId')
  @Header('Cache-Control', 'no-cache')
  clerk(@Res() response: Response): void {
    this.page('clerk.html', response);
  }

  /**
   * The compliance reports: the page signs the auditor in here, then calls the audit app's API (its
   * address from `?audit=`, by default this host on port 3002) with that token.
   */
  @Get('reports/:officeId')
  @Header('Cache-Control', 'no-cache')
  reports(@Res() response: Response): void {
    this.page('reports.html', response);
  }

  @Get('assets/:file')
  @Header('Cache-Control', 'public, max-age=31536000, immutable')
  asset(@Param('file') file: string, @Res() response: Response): void {
    if (!ASSET.test(file)) throw new NotFoundException('file: no such asset');
    this.send(`assets/${file}`, response);
  }

  private page(file: string, response: Response): void {
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Referrer-Policy', 'no-referrer');
    this.send(file, response);
  }

  private send(file: string, response: Response): void {
    response.sendFile(file, { root: this.directory, dotfiles: 'deny' }, (error?: Error) => {
      if (!error || response.headersSent) return;
      response
        .status(404)
        .type('text/plain')
        .send(`not found: ${file} (the screens are built by npm run build)`);
    });
  }
}

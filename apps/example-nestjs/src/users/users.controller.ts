import { BadRequestException, Body, Controller, Get, NotFoundException, Param, ParseIntPipe, Post } from '@nestjs/common'
import { UsersService } from './users.service.js'

@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  async signup(@Body() body: { email?: unknown; inviteCode?: unknown }) {
    if (typeof body?.email !== 'string' || !body.email.includes('@')) throw new BadRequestException('email must be an email address')
    if (body.inviteCode !== undefined && typeof body.inviteCode !== 'string') throw new BadRequestException('inviteCode must be a string')
    const { user, welcomeJobId } = await this.users.signup(body.email, body.inviteCode)
    return { id: user.id, email: user.email, welcomeJobId }
  }

  @Get(':id')
  async find(@Param('id', ParseIntPipe) id: number) {
    const user = await this.users.find(id)
    if (user === null) throw new NotFoundException(`no user ${id}`)
    return user
  }
}

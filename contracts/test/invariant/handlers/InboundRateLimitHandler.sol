// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Test} from "forge-std/Test.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IOAppReceiver} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oapp/interfaces/IOAppReceiver.sol";
import {Origin} from "@layerzerolabs/lz-evm-protocol-v2/contracts/interfaces/ILayerZeroEndpointV2.sol";

import {IInboundRateLimiter} from "../../../src/shared/interfaces/IInboundRateLimiter.sol";

/// @dev Drives the hub lockbox's inbound limiter the way honest spokes, an attacker holding the
///      verifiers, anyone releasing, the guardian and the owner do. Every credit arrives through the
///      endpoint from the wired peer, as a forged packet that passed verification would.
contract InboundRateLimitHandler is Test {
    struct Deployment {
        address lockbox;
        IERC20 token;
        address endpoint;
        uint32 srcEid;
        bytes32 peer;
        address owner;
        address guardian;
    }

    uint256 internal constant SD = 1e12;

    Deployment internal d;
    IInboundRateLimiter internal limiter;
    address public honest = makeAddr("honest");
    address public attacker = makeAddr("attacker");

    bytes32[] public guids;
    mapping(bytes32 guid => uint256 amount) public amountOf;
    mapping(bytes32 guid => bool forged) public forgedOf;
    uint64 internal nonce;

    // Ghosts.
    uint256 public credited;
    uint256 public paid;
    uint256 public cancelled;
    /// @dev Set if receives and releases paid a credit more than its amount, paid while paused,
    ///      or if anyone but the owner unpaused.
    bool public overpaid;
    bool public paidWhilePaused;
    bool public strangerUnpaused;
    mapping(bytes32 guid => uint256 amount) public paidOf;

    constructor(Deployment memory deployment) {
        d = deployment;
        limiter = IInboundRateLimiter(deployment.lockbox);
    }

    function guidCount() external view returns (uint256) {
        return guids.length;
    }

    function _outflow() internal view returns (uint256) {
        return d.token.balanceOf(honest) + d.token.balanceOf(attacker);
    }

    /// @dev Delivers a credit as the endpoint does and books what it paid at once.
    function _receive(address to, uint256 amount, bool forged) internal {
        bytes32 guid = keccak256(abi.encode("credit", ++nonce));
        guids.push(guid);
        amountOf[guid] = amount;
        forgedOf[guid] = forged;
        credited += amount;
        bool paused = limiter.releasesPaused();
        uint256 before = _outflow();
        vm.prank(d.endpoint);
        IOAppReceiver(d.lockbox).lzReceive(
            Origin(d.srcEid, d.peer, nonce), guid, abi.encodePacked(bytes32(uint256(uint160(to))), uint64(amount / SD)), address(this), ""
        );
        uint256 out = _outflow() - before;
        if (out != 0) {
            assertEq(out, amount, "a receive pays the credit in full or parks it");
            _booked(guid, amount, paused);
        }
    }

    function _booked(bytes32 guid, uint256 amount, bool paused) internal {
        paid += amount;
        paidOf[guid] += amount;
        if (paidOf[guid] > amountOf[guid]) overpaid = true;
        if (paused) paidWhilePaused = true;
    }

    /// @dev An honest transfer from the spoke: 0.1 to 12 trETH.
    function credit(uint256 amount) external {
        _receive(honest, bound(amount, 1e5, 12e6) * SD, false);
    }

    /// @dev The attack: a burst of forged credits over the limit (11 to 300 trETH each).
    function forgedBurst(uint256 amount, uint8 count) external {
        uint256 n = bound(count, 1, 3);
        for (uint256 i; i < n; ++i) {
            _receive(attacker, bound(uint256(keccak256(abi.encode(amount, i))), 11, 300) * 1 ether, true);
        }
    }

    /// @dev Anyone releases any credit ever received: parked or not, next or not, due or not,
    ///      paid already or not. What is refused must be refused; what passes is booked.
    function release(uint256 index) external {
        if (guids.length == 0) return;
        bytes32 guid = guids[bound(index, 0, guids.length - 1)];
        _release(guid);
    }

    /// @dev Races the refill: releases the next credit exactly when it becomes due.
    function releaseNextWhenDue() external {
        bytes32 next = limiter.nextParked(d.srcEid);
        if (next == bytes32(0)) return;
        uint256 at = limiter.releasableAt(next);
        if (at == type(uint256).max || at > block.timestamp + 3 days) return;
        if (at > block.timestamp) vm.warp(at);
        _release(next);
    }

    function _release(bytes32 guid) internal {
        bool paused = limiter.releasesPaused();
        uint256 before = _outflow();
        uint256 left = amountOf[guid] - paidOf[guid];
        (uint256 limit,,,,) = limiter.inboundCapacity(d.srcEid);
        try limiter.releaseParked(guid) {
            uint256 out = _outflow() - before;
            assertEq(out, left < limit ? left : limit, "a release pays what is left, one limit at most");
            _booked(guid, out, paused);
        } catch {
            assertEq(_outflow(), before);
        }
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 0, 2 days));
    }

    function guardianPauses() external {
        vm.prank(d.guardian);
        limiter.pauseReleases();
    }

    function ownerUnpauses() external {
        vm.prank(d.owner);
        limiter.unpauseReleases();
    }

    function strangerUnpauses(address stranger) external {
        if (stranger == d.owner) return;
        vm.prank(stranger);
        try limiter.unpauseReleases() {
            strangerUnpaused = true;
        } catch {}
    }

    /// @dev The owner's recovery: drops a parked forged credit.
    function ownerCancelsForged(uint256 index) external {
        if (guids.length == 0) return;
        bytes32 guid = guids[bound(index, 0, guids.length - 1)];
        if (!forgedOf[guid] || limiter.parkedCredit(guid).status != IInboundRateLimiter.ParkedStatus.Parked) return;
        vm.prank(d.owner);
        limiter.cancelParked(guid);
        cancelled += amountOf[guid] - paidOf[guid];
    }
}

// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {WETH9} from "../../../src/local/WETH9.sol";

/// @dev A WETH whose transfers call back into a target once armed: what a hooked asset (ERC-777
///      style) would let a receiver do in the middle of an ERC-4626 withdrawal.
contract ReentrantWETH is WETH9 {
    address public target;
    bytes public callback;

    function arm(address target_, bytes calldata callback_) external {
        target = target_;
        callback = callback_;
    }

    function transfer(address to, uint256 amount) public override(ERC20, IERC20) returns (bool) {
        address t = target;
        if (t != address(0)) {
            target = address(0);
            (bool ok, bytes memory ret) = t.call(callback);
            if (!ok) {
                assembly ("memory-safe") {
                    revert(add(ret, 32), mload(ret))
                }
            }
        }
        return super.transfer(to, amount);
    }
}
